/**
 * Spring wiring of session-service: the beans, the resource-server filter chain
 * ({@code SecurityConfig}), the OpenAPI document, and the settings {@code persona.auth.*},
 * {@code persona.public-url} and {@code persona.sessions.*}.
 */
@NullMarked
package org.personacollab.session.config;

import org.jspecify.annotations.NullMarked;
