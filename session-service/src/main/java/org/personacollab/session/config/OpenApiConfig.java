package org.personacollab.session.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (springdoc, from the controllers): every route needs
 * a bearer JWT unless its operation says otherwise (the login and the JWKS).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {
  @Bean
  OpenAPI sessionServiceOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Persona Collab session-service")
            .version("1")
            .description("Sessions, participants, roles, invites and tokens. Errors are application/problem+json "
                + "with a stable `code` (see docs/api/sessions.md)."))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("A user token (POST /api/auth/token, or the external OpenID Connect issuer's) or a session token (create, join)")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
