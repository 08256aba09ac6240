/** The WebSocket endpoint and the clients of the other services. */
@NullMarked
package org.personacollab.gateway.web;

import org.jspecify.annotations.NullMarked;
