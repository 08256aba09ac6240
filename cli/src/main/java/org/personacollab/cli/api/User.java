package org.personacollab.cli.api;

/** A user as the server names them: {@code {"id":"dev:alice","name":"alice"}}. */
public record User(String id, String name) {}
