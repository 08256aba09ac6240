package org.personacollab.session.web;

/** Who a token is for: {@code {"id": "dev:alice", "name": "alice"}}. */
public record UserView(String id, String name) {}
