package org.personacollab.gateway.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.protocol.frame.Merge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /api/collaboration}: how this deployment collaborates, for clients that adapt to it
 * (the web page switches to offline mode when {@code conflict_resolution} is {@code crdt}). No
 * token needed: it holds configuration every participant may know and nothing about sessions.
 *
 * <pre>
 * {"enabled": true, "conflict_resolution": "crdt", "max_merge_entries": 1000,
 *  "persist_history": true, "streaming": {"enabled": true, "chunk_size": 50}}
 * </pre>
 *
 * The gateway answers from its own {@code collaboration:} block, so the block must be the same
 * for every service (one shared file in {@code deploy/base/config}, {@code persona up --config}).
 */
@Configuration(proxyBeanMethods = false)
class CollaborationRoutes {

  @Bean
  RouterFunction<ServerResponse> collaborationRouter(CollaborationProperties collaboration) {
    Map<String, Object> body = describe(collaboration);
    return RouterFunctions.route()
        .GET("/api/collaboration", r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body))
        .build();
  }

  static Map<String, Object> describe(CollaborationProperties c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("enabled", c.enabled());
    body.put("conflict_resolution", c.conflictResolution().name().toLowerCase(Locale.ROOT));
    body.put("max_merge_entries", Merge.MAX_CHANGES);
    body.put("persist_history", c.session().persistHistory());
    Map<String, Object> streaming = new LinkedHashMap<>();
    streaming.put("enabled", c.streaming().enabled());
    streaming.put("chunk_size", c.streaming().chunkSize());
    body.put("streaming", streaming);
    return body;
  }
}
