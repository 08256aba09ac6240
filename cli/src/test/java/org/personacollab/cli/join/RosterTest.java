package org.personacollab.cli.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.personacollab.cli.api.Participant;
import org.personacollab.protocol.frame.RoleChanged;
import org.personacollab.protocol.frame.UserJoined;
import org.personacollab.protocol.frame.UserLeft;
import org.personacollab.protocol.frame.Welcome;

class RosterTest {
  final Roster roster = new Roster(new Participant("dev:bob", "bob", "editor"),
      List.of(new Participant("dev:alice", "alice", "facilitator")));

  @Test
  void welcome_thenArrivalsDeparturesAndRoles() {
    roster.welcome(new Welcome(1, "s1", "c1", 0, null, List.of("dev:alice", "dev:zed"), true));
    assertThat(roster.describe()).isEqualTo("alice (facilitator), dev:zed, bob (you, editor)");

    assertThat(roster.joined(new UserJoined("dev:carol", "Carol", "viewer", "#000000", 1))).isTrue();
    assertThat(roster.joined(new UserJoined("dev:carol", "Carol", "viewer", "#000000", 2))).as("a second socket").isFalse();
    assertThat(roster.left(new UserLeft("dev:alice", "alice", null, 3))).isTrue();
    assertThat(roster.left(new UserLeft("dev:alice", "alice", null, 4))).isFalse();
    roster.roleChanged(new RoleChanged("dev:carol", "editor", 5));

    assertThat(roster.describe()).isEqualTo("dev:zed, bob (you, editor), Carol (editor)");
    assertThat(roster.nameOf("dev:alice")).isEqualTo("alice");
    assertThat(roster.nameOf("dev:unknown")).isEqualTo("dev:unknown");
    assertThat(roster.nameOf(null)).isEqualTo("someone");
  }

  @Test
  void welcomeAgain_afterReconnect_startsOver() {
    roster.welcome(new Welcome(1, "s1", "c1", 0, null, List.of("dev:alice"), true));
    roster.joined(new UserJoined("dev:carol", "Carol", "viewer", "#000000", 1));

    roster.welcome(new Welcome(1, "s1", "c2", 0, null, List.of(), true));

    assertThat(roster.describe()).isEqualTo("bob (you, editor)");
  }
}
