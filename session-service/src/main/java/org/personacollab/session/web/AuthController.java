package org.personacollab.session.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.personacollab.session.auth.JwtTokens;
import org.personacollab.session.auth.SigningKey;
import org.personacollab.session.config.AuthProperties;
import org.personacollab.session.domain.TokenIssuer.IssuedToken;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Signing in and the public keys.
 *
 * <ul>
 *   <li>{@code POST /api/auth/token {"name":"alice"}} → 200 {@link TokenResponse}, a user token
 *       for {@code dev:alice} (the development login, {@code persona.auth.dev-login.enabled});
 *       400 {@code validation_failed}; 404 {@code not_found} when the development login is off.
 *   <li>{@code GET /api/auth/jwks} and {@code GET /.well-known/jwks.json} → 200 the JWK Set with
 *       the public key every token is signed with (gateways verify tokens with it).
 * </ul>
 */
@RestController
@Tag(name = "auth", description = "Development login and the public signing keys")
public class AuthController {
  /** The longest display name, in characters, once trimmed. */
  static final int MAX_NAME = 100;

  private final JwtTokens tokens;
  private final SigningKey key;
  private final AuthProperties auth;

  public AuthController(JwtTokens tokens, SigningKey key, AuthProperties auth) {
    this.tokens = tokens;
    this.key = key;
    this.auth = auth;
  }

  @PostMapping("/api/auth/token")
  @SecurityRequirements
  @Operation(
      summary = "Development login: a user token for a name",
      description = "User id is `dev:` + the lowercased name. Off when persona.auth.dev-login.enabled is false.")
  @ApiResponse(responseCode = "200", description = "A user token (typ user)")
  @ApiResponse(responseCode = "400", description = "`validation_failed` (name missing, blank, longer than 100 characters or with control characters) or `invalid_json`")
  @ApiResponse(responseCode = "404", description = "`not_found`: the development login is switched off")
  public Mono<TokenResponse> token(@RequestBody LoginRequest request) {
    if (!auth.devLogin().enabled()) {
      return Mono.error(new ApiException(ErrorCode.NOT_FOUND,
          "The development login is switched off on this server (persona.auth.dev-login.enabled=false); "
              + "sign in with your organisation's identity provider."));
    }
    String name = validName(request.name());
    IssuedToken token = tokens.userToken("dev:" + name.toLowerCase(Locale.ROOT), name);
    return Mono.just(new TokenResponse(token.token(), "Bearer", token.expiresAt(), new UserView("dev:" + name.toLowerCase(Locale.ROOT), name)));
  }

  private static String validName(@Nullable String given) {
    String name = given == null ? "" : given.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > MAX_NAME) {
      throw new ApiException(ErrorCode.VALIDATION_FAILED, "name: must be 1-" + MAX_NAME + " characters (after trimming)");
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw new ApiException(ErrorCode.VALIDATION_FAILED, "name: must not contain control characters");
    }
    return name;
  }

  @GetMapping(path = {"/api/auth/jwks", "/.well-known/jwks.json"}, produces = MediaType.APPLICATION_JSON_VALUE)
  @SecurityRequirements
  @Operation(summary = "The JWK Set of the key that signs every token (ES256)")
  @ApiResponse(responseCode = "200", description = "`{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":…,\"y\":…,\"kid\":…,\"use\":\"sig\",\"alg\":\"ES256\"}]}`")
  public Map<String, Object> jwks() {
    return key.publicJwkSet().toJSONObject(true);
  }
}
