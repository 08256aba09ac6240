/**
 * gateway-service: the edge. Terminates WebSockets ({@code /ws/sessions/{id}}), turns client
 * frames into Kafka edits, delivers sequenced ops and live session events to the sockets of each
 * session it hosts, routes REST ({@code /api/**}) to the other services with Spring Cloud
 * Gateway, and serves the web page. Stateless: any instance can host any session.
 */
@NullMarked
package org.personacollab.gateway;

import org.jspecify.annotations.NullMarked;
