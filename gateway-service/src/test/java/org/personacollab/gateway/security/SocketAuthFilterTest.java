package org.personacollab.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class SocketAuthFilterTest {
  @Test
  void token_fromAuthorizationHeaderOrBearerSubprotocol() {
    HttpHeaders header = new HttpHeaders();
    header.set(HttpHeaders.AUTHORIZATION, "Bearer abc.def.ghi");
    assertThat(SocketAuthFilter.token(header)).isEqualTo("abc.def.ghi");

    HttpHeaders browser = new HttpHeaders();
    browser.add("Sec-WebSocket-Protocol", "persona.v1, bearer.abc.def.ghi");
    assertThat(SocketAuthFilter.token(browser)).isEqualTo("abc.def.ghi");

    HttpHeaders none = new HttpHeaders();
    none.add("Sec-WebSocket-Protocol", "persona.v1");
    none.set(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz");
    assertThat(SocketAuthFilter.token(none)).isNull();
  }

  @Test
  void pattern_starMatchesAnyRun_andNothingElseIsSpecial() {
    assertThat(SocketAuthFilter.pattern("http://localhost:*").matcher("http://localhost:8080").matches()).isTrue();
    assertThat(SocketAuthFilter.pattern("http://localhost:*").matcher("http://localhost.evil.example").matches()).isFalse();
    assertThat(SocketAuthFilter.pattern("https://app.example.com").matcher("https://app.example.com").matches()).isTrue();
    assertThat(SocketAuthFilter.pattern("https://app.example.com").matcher("https://appXexample.com").matches()).isFalse();
    assertThat(SocketAuthFilter.pattern("https://*.example.com").matcher("https://team.example.com").matches()).isTrue();
  }
}
