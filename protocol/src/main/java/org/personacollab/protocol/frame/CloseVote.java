package org.personacollab.protocol.frame;

import org.jspecify.annotations.Nullable;

/**
 * The facilitator closes a vote: {@code {"type":"close_vote","vote":"v1"}}; the winner (by the
 * configured quorum and tie rule) is applied as the facilitator's change. Under the tie rule
 * {@code facilitator}, a tied vote is closed with {@code winner}, one of the tied proposals
 * ({@code {"type":"close_vote","vote":"v1","winner":"p3"}}).
 */
public record CloseVote(String vote, @Nullable String winner) implements ClientFrame {
  public CloseVote {
    WorkshopIds.requireId("vote", vote, 'v');
    if (winner != null) WorkshopIds.requireId("winner", winner, 'p');
  }
}
