package org.personacollab.protocol.frame;

/**
 * Votes for a proposal: {@code {"type":"vote","proposal":"p2"}}. One vote per participant and vote;
 * voting again for another proposal of the same vote changes it. Viewers may not vote
 * ({@code error forbidden}); a closed vote is {@code nack vote_closed}, an unknown proposal
 * {@code nack proposal_not_found}.
 *
 * <p>Invalid: no {@code proposal}, or one that is not an id like {@code p2}.
 */
public record Vote(String proposal) implements ClientFrame {
  public Vote {
    WorkshopIds.requireId("proposal", proposal, 'p');
  }
}
