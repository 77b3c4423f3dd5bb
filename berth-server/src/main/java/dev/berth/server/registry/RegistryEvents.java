package dev.berth.server.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.server.access.Principal;
import dev.berth.server.coordination.Coordination;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Announces registry changes on the coordinator's {@link RegistryModule#EVENTS_CHANNEL}, to every node, in
 * CNCF Distribution's notification envelope ({@code {"events":[{id, timestamp, action, target, actor, source}]}}),
 * so consumers written for Distribution's webhooks read them. Published after the change committed; best effort.
 */
final class RegistryEvents {
  private final Coordination coordination;
  private final Clock clock;
  private final ObjectMapper json;
  private final String instanceId = UUID.randomUUID().toString();

  RegistryEvents(Coordination coordination, Clock clock, ObjectMapper json) {
    this.coordination = coordination;
    this.clock = clock;
    this.json = json;
  }

  /** A manifest was pushed; one event per tag it was pushed with (one without a tag for a push by digest). */
  void manifestPushed(RepositoryName repository, Digest digest, String mediaType, long size, List<Tag> tags,
      Principal actor) {
    List<Map<String, Object>> events = new ArrayList<>();
    if (tags.isEmpty()) {
      events.add(event("push", target(repository, digest, mediaType, size, Optional.empty()), actor));
    }
    for (Tag tag : tags) {
      events.add(event("push", target(repository, digest, mediaType, size, Optional.of(tag.value())), actor));
    }
    publish(events);
  }

  /** A tag, a manifest or a blob was deleted from a repository. */
  void deleted(RepositoryName repository, Optional<Digest> digest, Optional<String> tag, Principal actor) {
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("repository", repository.value());
    digest.ifPresent(d -> target.put("digest", d.value()));
    tag.ifPresent(t -> target.put("tag", t));
    publish(List.of(event("delete", target, actor)));
  }

  private static Map<String, Object> target(RepositoryName repository, Digest digest, String mediaType, long size,
      Optional<String> tag) {
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("mediaType", mediaType);
    target.put("size", size);
    target.put("digest", digest.value());
    target.put("repository", repository.value());
    tag.ifPresent(t -> target.put("tag", t));
    return target;
  }

  private Map<String, Object> event(String action, Map<String, Object> target, Principal actor) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", UUID.randomUUID().toString());
    event.put("timestamp", clock.instant().toString());
    event.put("action", action);
    event.put("target", target);
    event.put("actor", actor.isAnonymous() ? Map.of() : Map.of("name", actor.name()));
    event.put("source", Map.of("instanceID", instanceId));
    return event;
  }

  private void publish(List<Map<String, Object>> events) {
    try {
      coordination.publish(RegistryModule.EVENTS_CHANNEL, json.writeValueAsString(Map.of("events", events)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event maps always serialise", e);
    }
  }
}
