package org.personacollab.sync.domain;

import org.personacollab.platform.config.CollaborationProperties;
import org.personacollab.platform.config.CollaborationProperties.TieRule;

/**
 * The rules of a session's workshop (votes and turns), from {@code collaboration.workshop}: an
 * immutable runtime value, checked again here so that a test or a caller that builds one by hand
 * gets the same limits as a bound configuration.
 *
 * @param quorum the fewest votes a vote needs to have a winner (at least 1)
 * @param tie what a tie for the most votes gives
 * @param maxOpenProposals proposals open at once in one session (at least 1)
 * @param maxTurnSeconds the longest turn timer (at least 1)
 */
public record WorkshopRules(int quorum, TieRule tie, int maxOpenProposals, int maxTurnSeconds) {
  /** The defaults of {@code collaboration.workshop}: quorum 1, no winner on a tie, 50 proposals, one hour. */
  public static final WorkshopRules DEFAULTS = new WorkshopRules(1, TieRule.NO_WINNER, 50, 3600);

  public WorkshopRules {
    if (quorum < 1) throw new IllegalArgumentException("collaboration.workshop.voting.quorum must be >= 1: " + quorum);
    if (tie == null) throw new IllegalArgumentException("collaboration.workshop.voting.tie is required");
    if (maxOpenProposals < 1) {
      throw new IllegalArgumentException("collaboration.workshop.voting.max_open_proposals must be >= 1: " + maxOpenProposals);
    }
    if (maxTurnSeconds < 1) {
      throw new IllegalArgumentException("collaboration.workshop.turns.max_turn_seconds must be >= 1: " + maxTurnSeconds);
    }
  }

  /** The rules a bound {@code collaboration.workshop} block describes. */
  public static WorkshopRules of(CollaborationProperties.Workshop workshop) {
    return new WorkshopRules(
        workshop.voting().quorum(), workshop.voting().tie(), workshop.voting().maxOpenProposals(), workshop.turns().maxTurnSeconds());
  }
}
