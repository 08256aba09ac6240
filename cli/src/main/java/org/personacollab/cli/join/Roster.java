package org.personacollab.cli.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.personacollab.cli.api.Participant;
import org.personacollab.protocol.frame.PresenceFrame;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.frame.Welcome;

/**
 * Who is here: the user ids connected to the session (the {@code welcome}'s {@code participants},
 * then {@code user_joined} and {@code user_left}), with names and roles from the session's
 * participant list and from those frames. Thread-safe: frames arrive on the client's threads,
 * {@code who} asks from the input thread.
 */
final class Roster {
  private final String self;
  private final Map<String, Participant> people = new LinkedHashMap<>();
  private final Set<String> here = new LinkedHashSet<>();

  /**
   * @param self this participant's user id
   * @param directory the session's participants as the REST API listed them (may be empty)
   */
  Roster(Participant self, List<Participant> directory) {
    this.self = self.userId();
    for (Participant p : directory) {
      people.put(p.userId(), p);
    }
    people.put(self.userId(), self);
  }

  /** Starts over from a welcome (every socket, and every reconnect, begins with one). */
  synchronized void welcome(Welcome welcome) {
    here.clear();
    here.addAll(welcome.participants());
    here.add(self);
    for (PresenceFrame p : welcome.presence()) {
      here.add(p.userId());
      learn(p.userId(), p.name(), null);
    }
  }

  /** Records an arrival; true if they were not here before. */
  synchronized boolean joined(UserJoined joined) {
    learn(joined.userId(), joined.name(), joined.role());
    return here.add(joined.userId());
  }

  /** Records a departure; true if they were here. */
  synchronized boolean left(UserLeft left) {
    learn(left.userId(), left.name(), null);
    return here.remove(left.userId());
  }

  synchronized void roleChanged(RoleChanged changed) {
    Participant known = people.get(changed.userId());
    people.put(changed.userId(), new Participant(changed.userId(), known == null ? changed.userId() : known.name(), changed.role()));
  }

  /** The display name of a user id (the id itself when unknown). */
  synchronized String nameOf(@Nullable String userId) {
    if (userId == null) {
      return "someone";
    }
    Participant p = people.get(userId);
    return p == null ? userId : p.name();
  }

  /** True for this participant's own user id. */
  boolean isSelf(String userId) {
    return self.equals(userId);
  }

  /** {@code alice (facilitator), bob (you, editor)}. */
  synchronized String describe() {
    List<String> names = new ArrayList<>();
    for (String id : here) {
      Participant p = people.get(id);
      List<String> notes = new ArrayList<>();
      if (id.equals(self)) {
        notes.add("you");
      }
      if (p != null && !p.role().isEmpty()) {
        notes.add(p.role());
      }
      names.add((p == null ? id : p.name()) + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
    }
    return String.join(", ", names);
  }

  private void learn(String userId, String name, @Nullable String role) {
    Participant known = people.get(userId);
    String keptRole = role != null ? role : known == null ? "" : known.role();
    people.put(userId, new Participant(userId, name, keptRole));
  }
}
