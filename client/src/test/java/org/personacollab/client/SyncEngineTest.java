package org.personacollab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.personacollab.client.EngineHarness.canonical;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.personacollab.client.EngineHarness.Outcome;
import org.personacollab.client.EngineHarness.Reconnect;
import org.personacollab.client.EngineHarness.Retry;
import org.personacollab.client.SyncEngine.Phase;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.protocol.frame.Hello;
import org.personacollab.protocol.frame.OpSubmit;

/**
 * The state machine, frame by frame: each test scripts what the server sends and checks what the
 * engine sends, its document and version, and the outcome of each change.
 */
class SyncEngineTest {
  private final EngineHarness h = new EngineHarness();

  @Nested
  class FirstWelcome {
    @Test
    void welcome_adoptsSnapshotVersionAndClientId() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");

      assertThat(h.engine.phase()).isEqualTo(Phase.LIVE);
      assertThat(h.engine.version()).isEqualTo(3);
      assertThat(h.engine.clientId()).isEqualTo("c1");
      assertThat(h.doc()).isEqualTo("{\"name\":\"Ada\"}");
      assertThat(h.events).singleElement().satisfies(e -> {
        assertThat(e.kind()).isEqualTo(DocumentEvent.Kind.RESET);
        assertThat(e.version()).isEqualTo(3);
        assertThat(e.op()).hasToString("[{\"p\":[],\"od\":null,\"oi\":{\"name\":\"Ada\"}}]");
      });
      assertThat(h.sent).isEmpty();
    }

    @Test
    void submit_beforeFirstWelcome_isRefused() {
      h.engine.connectionOpened();
      assertThatThrownBy(() -> h.submit("[{\"p\":[\"a\"],\"oi\":1}]")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void submit_opThatDoesNotApply_throwsAndChangesNothing() {
      h.connected("c1", 0, "{\"name\":\"Ada\"}");
      assertThatThrownBy(() -> h.submit("[{\"p\":[\"name\",9],\"si\":\"!\"}]")).isInstanceOf(OtException.class);
      assertThat(h.doc()).isEqualTo("{\"name\":\"Ada\"}");
      assertThat(h.sent).isEmpty();
      assertThat(h.engine.synced()).isTrue();
    }
  }

  @Nested
  class Acknowledgement {
    @Test
    void submit_appliesAtOnce_sendsSeq1AtVersion_andOwnOpBackAcks() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");

      Outcome o = h.submit("[{\"p\":[\"name\",3],\"si\":\"!\"}]");

      assertThat(h.doc()).isEqualTo("{\"name\":\"Ada!\"}");
      OpSubmit sent = h.lastOp();
      assertThat(sent.src()).isEqualTo("c1");
      assertThat(sent.seq()).isEqualTo(1);
      assertThat(sent.v()).isEqualTo(3);
      assertThat(sent.op().toString()).isEqualTo("[{\"p\":[\"name\",3],\"si\":\"!\"}]");
      assertThat(h.events.get(1).kind()).isEqualTo(DocumentEvent.Kind.LOCAL);
      assertThat(h.events.get(1).version()).isEqualTo(3);
      assertThat(h.events.get(1).author()).isEqualTo("me");
      assertThat(o.pending()).isTrue();

      h.op(3, "c1", 1, "[{\"p\":[\"name\",3],\"si\":\"!\"}]");

      assertThat(o.acked).isTrue();
      assertThat(h.engine.version()).isEqualTo(4);
      assertThat(h.doc()).as("the ack is not applied a second time").isEqualTo("{\"name\":\"Ada!\"}");
      assertThat(h.events).hasSize(2);
      assertThat(h.engine.synced()).isTrue();
    }

    @Test
    void changesWhileInFlight_areComposedIntoOnePendingOp_sentAfterTheAck() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");
      Outcome a = h.submit("[{\"p\":[\"name\",3],\"si\":\"!\"}]");
      Outcome b = h.submit("[{\"p\":[\"name\",4],\"si\":\"?\"}]");
      Outcome c = h.submit("[{\"p\":[\"name\",0],\"si\":\"Dr \"}]");
      assertThat(h.opsSent()).as("one op in flight at a time").isEqualTo(1);

      h.op(3, "c1", 1, "[{\"p\":[\"name\",3],\"si\":\"!\"}]");

      assertThat(a.acked).isTrue();
      assertThat(b.pending()).isTrue();
      OpSubmit second = h.lastOp();
      assertThat(second.seq()).isEqualTo(2);
      assertThat(second.v()).isEqualTo(4);
      assertThat(second.op().toString()).isEqualTo("[{\"p\":[\"name\",4],\"si\":\"?\"},{\"p\":[\"name\",0],\"si\":\"Dr \"}]");

      h.op(4, "c1", 2, second.op().toString());

      assertThat(b.acked).isTrue();
      assertThat(c.acked).isTrue();
      assertThat(h.doc()).isEqualTo("{\"name\":\"Dr Ada!?\"}");
      assertThat(h.engine.version()).isEqualTo(5);
    }
  }

  @Nested
  class RemoteOps {
    /**
     * The diamond with every side checked: the server sequenced r (li at 0) first and then our
     * in-flight li at 0 with LEFT (ours first); the client must reach the same list.
     */
    @Test
    void remoteOp_whileInFlightAndPending_transformsBothWays() {
      h.connected("c1", 0, "{\"goals\":[\"a\"]}");
      h.submit("[{\"p\":[\"goals\",0],\"li\":\"X\"}]");
      h.submit("[{\"p\":[\"goals\",2],\"li\":\"P\"}]");

      h.op(0, "c2", 1, "[{\"p\":[\"goals\",0],\"li\":\"Y\"}]");

      assertThat(h.doc()).isEqualTo("{\"goals\":[\"X\",\"Y\",\"a\",\"P\"]}");
      assertThat(h.engine.version()).isEqualTo(1);
      DocumentEvent remote = h.events.get(h.events.size() - 1);
      assertThat(remote.kind()).isEqualTo(DocumentEvent.Kind.REMOTE);
      assertThat(remote.op()).hasToString("[{\"p\":[\"goals\",1],\"li\":\"Y\"}]");
      assertThat(remote.author()).isEqualTo("u-c2");
      assertThat(remote.version()).isEqualTo(1);

      // What the server made of our in-flight op: transform(X@0, Y@0, LEFT) = X@0.
      h.op(1, "c1", 1, "[{\"p\":[\"goals\",0],\"li\":\"X\"}]");

      OpSubmit pending = h.lastOp();
      assertThat(pending.seq()).isEqualTo(2);
      assertThat(pending.v()).isEqualTo(2);
      assertThat(pending.op().toString()).as("the pending op moved past Y").isEqualTo("[{\"p\":[\"goals\",3],\"li\":\"P\"}]");
    }

    @Test
    void remoteOp_withoutLocalChanges_isAppliedAsIs() {
      h.connected("c1", 7, "{\"name\":\"Ada\"}");
      h.op(7, "c2", 4, "[{\"p\":[\"name\"],\"od\":\"Ada\",\"oi\":\"Bo\"}]");
      assertThat(h.doc()).isEqualTo("{\"name\":\"Bo\"}");
      assertThat(h.engine.version()).isEqualTo(8);
    }

    @Test
    void remoteOp_beyondVersion_isAGap_andAsksToResume() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");
      h.op(5, "c2", 1, "[{\"p\":[\"name\",0],\"si\":\"x\"}]");

      assertThat(h.reconnects).containsExactly(new Reconnect(true, "gap in the op stream: expected op 3, received op 5"));
      assertThat(h.engine.phase()).isEqualTo(Phase.OFFLINE);
      assertThat(h.engine.version()).isEqualTo(3);
      h.op(3, "c2", 1, "[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      assertThat(h.engine.version()).as("frames after the gap are ignored until the socket is replaced").isEqualTo(3);
    }

    @Test
    void remoteOp_belowVersion_isIgnored() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");
      h.op(2, "c2", 1, "[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      assertThat(h.doc()).isEqualTo("{\"name\":\"Ada\"}");
      assertThat(h.engine.version()).isEqualTo(3);
    }

    @Test
    void remoteOp_thatDoesNotApply_resyncsWithoutResume_andLosesLocalChanges() {
      h.connected("c1", 0, "{\"name\":\"Ada\"}");
      Outcome o = h.submit("[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      h.op(0, "c2", 1, "[{\"p\":[\"title\"],\"od\":\"nope\"}]");

      assertThat(h.reconnects).singleElement().extracting(Reconnect::resume).isEqualTo(false);
      h.engine.connectionLost();
      h.engine.connectionOpened();
      h.welcome("c5", 4, "{\"name\":\"Zed\"}");

      assertThat(h.sent).noneMatch(f -> f instanceof Hello);
      assertThat(h.doc()).isEqualTo("{\"name\":\"Zed\"}");
      assertThat(o.error).isInstanceOf(ChangeLostException.class);
    }
  }

  @Nested
  class Refusals {
    @Test
    void nack_rateLimited_retriesTheSameSeq_atTheCurrentVersion_withTheTransformedOp() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");
      Outcome o = h.submit("[{\"p\":[\"name\",3],\"si\":\"!\"}]");

      h.nack(1, "rate_limited", 250L);
      assertThat(h.retries).containsExactly(new Retry(1, 1, 250L));
      assertThat(h.doc()).as("a retriable nack undoes nothing").isEqualTo("{\"name\":\"Ada!\"}");

      h.op(3, "c2", 1, "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]");
      h.engine.retry(1, 1);

      OpSubmit again = h.lastOp();
      assertThat(again.seq()).isEqualTo(1);
      assertThat(again.v()).isEqualTo(4);
      assertThat(again.op().toString()).isEqualTo("[{\"p\":[\"name\",6],\"si\":\"!\"}]");
      assertThat(o.pending()).isTrue();

      long before = h.opsSent();
      h.engine.retry(1, 1);
      assertThat(h.opsSent()).as("a stale retry timer sends nothing").isEqualTo(before);
    }

    @Test
    void nack_unavailable_withoutRetryAfter_retriesWithBackoff() {
      h.connected("c1", 0, "{\"name\":\"Ada\"}");
      h.submit("[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      h.nack(1, "unavailable", null);
      assertThat(h.retries).containsExactly(new Retry(1, 1, null));
    }

    @Test
    void nack_fatal_undoesTheChange_rejectsIt_andSendsThePendingOneWithTheNextSeq() {
      h.connected("c1", 3, "{\"name\":\"Ada\",\"goals\":[\"a\"]}");
      Outcome refused = h.submit("[{\"p\":[\"name\",3],\"si\":\"!\"}]");
      Outcome next = h.submit("[{\"p\":[\"goals\",1],\"li\":\"b\"}]");

      h.nack(1, "validation_failed", null);

      assertThat(h.doc()).isEqualTo(canonical("{\"name\":\"Ada\",\"goals\":[\"a\",\"b\"]}"));
      DocumentEvent undo = h.events.get(h.events.size() - 1);
      assertThat(undo.kind()).isEqualTo(DocumentEvent.Kind.ROLLBACK);
      assertThat(undo.op()).hasToString("[{\"p\":[\"name\",3],\"sd\":\"!\"}]");
      assertThat(refused.error).isInstanceOfSatisfying(RejectedChangeException.class, e -> {
        assertThat(e.code()).isEqualTo("validation_failed");
        assertThat(e.seq()).isEqualTo(1);
      });
      assertThat(next.pending()).isTrue();
      OpSubmit sent = h.lastOp();
      assertThat(sent.seq()).as("a refused seq is used up").isEqualTo(2);
      assertThat(sent.v()).isEqualTo(3);
      assertThat(sent.op().toString()).isEqualTo("[{\"p\":[\"goals\",1],\"li\":\"b\"}]");
    }

    @Test
    void nack_fatal_afterRemoteOps_undoesTheTransformedChange() {
      h.connected("c1", 0, "{\"goals\":[\"a\",\"b\"]}");
      Outcome refused = h.submit("[{\"p\":[\"goals\",1],\"ld\":\"b\"}]");
      h.op(0, "c2", 1, "[{\"p\":[\"goals\",0],\"li\":\"Z\"}]");
      assertThat(h.doc()).isEqualTo("{\"goals\":[\"Z\",\"a\"]}");

      h.nack(1, "forbidden", null);

      assertThat(h.doc()).as("the server's document: Z inserted, nothing deleted").isEqualTo("{\"goals\":[\"Z\",\"a\",\"b\"]}");
      assertThat(refused.error).isInstanceOf(RejectedChangeException.class);
    }

    @Test
    void nack_fatal_ofAChangeThePendingOneEditsInside_leavesAnEmptyPendingThatCompletes() {
      h.connected("c1", 0, "{\"goals\":[\"a\"]}");
      Outcome refused = h.submit("[{\"p\":[\"goals\",0],\"li\":\"X\"}]");
      Outcome inside = h.submit("[{\"p\":[\"goals\",0,1],\"si\":\"!\"}]");

      h.nack(1, "invalid_op", null);

      assertThat(h.doc()).isEqualTo("{\"goals\":[\"a\"]}");
      assertThat(h.events.get(h.events.size() - 1).op()).hasToString("[{\"p\":[\"goals\",0],\"ld\":\"X!\"}]");
      assertThat(refused.error).isInstanceOf(RejectedChangeException.class);
      assertThat(inside.acked).as("nothing of it is left to send").isTrue();
      assertThat(h.opsSent()).isEqualTo(1);
      assertThat(h.engine.synced()).isTrue();
    }

    @Test
    void nack_seqGap_undoes_andResyncsWithAFreshIdentity() {
      h.connected("c1", 0, "{\"name\":\"Ada\"}");
      Outcome refused = h.submit("[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      Outcome pending = h.submit("[{\"p\":[\"name\",0],\"si\":\"y\"}]");

      h.nack(1, "seq_gap", null);

      assertThat(refused.error).isInstanceOf(RejectedChangeException.class);
      assertThat(h.reconnects).singleElement().extracting(Reconnect::resume).isEqualTo(false);
      h.engine.connectionLost();
      h.engine.connectionOpened();
      h.welcome("c7", 2, "{\"name\":\"Ada\"}");
      assertThat(h.sent).noneMatch(f -> f instanceof Hello);
      assertThat(h.engine.clientId()).isEqualTo("c7");
      assertThat(h.engine.lastSeq()).isZero();
      assertThat(pending.error).isInstanceOf(ChangeLostException.class);
    }

    @Test
    void nack_forAnotherSeq_andInformationalAck_changeNothing() {
      h.connected("c1", 0, "{\"name\":\"Ada\"}");
      Outcome o = h.submit("[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      h.nack(9, "invalid_op", null);
      h.frame("{\"type\":\"ack\",\"seq\":1,\"v\":0}");
      assertThat(o.pending()).isTrue();
      assertThat(h.doc()).isEqualTo("{\"name\":\"xAda\"}");
      assertThat(h.engine.version()).isZero();
    }
  }

  @Nested
  class Resume {
    private Outcome inFlightThenReconnect() {
      h.connected("c1", 3, "{\"name\":\"Ada\"}");
      Outcome o = h.submit("[{\"p\":[\"name\",3],\"si\":\"!\"}]");
      h.engine.connectionLost();
      h.engine.connectionOpened();
      h.welcome("c9", 5, "{\"name\":\"ignored\"}");
      return o;
    }

    @Test
    void freshWelcome_afterReconnect_isAnsweredWithHello_andItsOpsAreIgnored() {
      inFlightThenReconnect();

      assertThat(h.sent.get(h.sent.size() - 1)).isEqualTo(new Hello(1, "c1", 3L, 1L));
      assertThat(h.engine.phase()).isEqualTo(Phase.AWAIT_RESUME);
      assertThat(h.doc()).isEqualTo("{\"name\":\"Ada!\"}");
      h.op(5, "c3", 1, "[{\"p\":[\"name\",0],\"si\":\"z\"}]");
      assertThat(h.engine.version()).isEqualTo(3);
    }

    @Test
    void resumed_ownOpInTheCatchUp_acksIt_andTheResentCopyIsNotApplied() {
      Outcome o = inFlightThenReconnect();
      h.resumed("c1", 3);

      OpSubmit resent = h.lastOp();
      assertThat(resent.seq()).as("same seq").isEqualTo(1);
      assertThat(resent.v()).isEqualTo(3);

      h.op(3, "c1", 1, "[{\"p\":[\"name\",3],\"si\":\"!\"}]");
      h.op(4, "c2", 1, "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]");
      h.frame("{\"type\":\"ack\",\"seq\":1,\"v\":3}");

      assertThat(o.acked).isTrue();
      assertThat(h.doc()).isEqualTo("{\"name\":\"Dr Ada!\"}");
      assertThat(h.engine.version()).isEqualTo(5);
      assertThat(h.engine.phase()).isEqualTo(Phase.LIVE);
    }

    @Test
    void resumed_ownOpNotInTheCatchUp_isTransformedAndAckedWhenSequenced() {
      Outcome o = inFlightThenReconnect();
      h.resumed("c1", 3);
      h.op(3, "c2", 1, "[{\"p\":[\"name\",0],\"si\":\"Dr \"}]");
      h.op(4, "c2", 2, "[{\"p\":[\"name\",0],\"si\":\"X\"}]");
      assertThat(o.pending()).isTrue();

      // The server transformed our re-sent op (v 3) past ops 3 and 4.
      h.op(5, "c1", 1, "[{\"p\":[\"name\",7],\"si\":\"!\"}]");

      assertThat(o.acked).isTrue();
      assertThat(h.doc()).isEqualTo("{\"name\":\"XDr Ada!\"}");
      assertThat(h.engine.version()).isEqualTo(6);
    }

    @Test
    void resumed_withPendingChanges_sendsThemAfterTheInFlightOne() {
      Outcome first = inFlightThenReconnect();
      Outcome second = h.submit("[{\"p\":[\"name\",0],\"si\":\"<\"}]");
      h.resumed("c1", 3);
      h.op(3, "c1", 1, "[{\"p\":[\"name\",3],\"si\":\"!\"}]");

      assertThat(first.acked).isTrue();
      OpSubmit sent = h.lastOp();
      assertThat(sent.seq()).isEqualTo(2);
      assertThat(sent.v()).isEqualTo(4);
      assertThat(second.pending()).isTrue();
    }

    @Test
    void resumeRefused_withANewId_adoptsTheSnapshot_reportsChangesLost_andRestartsSeq() {
      Outcome inflight = inFlightThenReconnect();
      Outcome pending = h.submit("[{\"p\":[\"name\",0],\"si\":\"<\"}]");
      int eventsBefore = h.events.size();

      h.welcome("c9", 7, "{\"name\":\"Zed\"}");

      assertThat(h.doc()).isEqualTo("{\"name\":\"Zed\"}");
      assertThat(h.engine.version()).isEqualTo(7);
      assertThat(h.engine.clientId()).isEqualTo("c9");
      assertThat(inflight.error).isInstanceOf(ChangeLostException.class);
      assertThat(pending.error).isInstanceOf(ChangeLostException.class);
      DocumentEvent reset = h.events.get(eventsBefore);
      assertThat(reset.kind()).isEqualTo(DocumentEvent.Kind.RESET);
      assertThat(reset.op()).hasToString("[{\"p\":[],\"od\":{\"name\":\"<Ada!\"},\"oi\":{\"name\":\"Zed\"}}]");
      assertThat(h.engine.synced()).isTrue();

      h.submit("[{\"p\":[\"name\",0],\"si\":\"a\"}]");
      assertThat(h.lastOp().seq()).isEqualTo(1);
      assertThat(h.lastOp().src()).isEqualTo("c9");
    }

    @Test
    void resumeRefused_keepingTheId_continuesAfterTheLastSeqUsed() {
      inFlightThenReconnect();
      h.welcome("c1", 7, "{\"name\":\"Zed\"}");
      h.submit("[{\"p\":[\"name\",0],\"si\":\"a\"}]");
      assertThat(h.lastOp().seq()).isEqualTo(2);
    }

    @Test
    void errorInAnswerToTheHello_resyncsWithoutResume() {
      inFlightThenReconnect();
      h.frame("{\"type\":\"error\",\"code\":\"unsupported_protocol\",\"message\":\"no\"}");
      assertThat(h.reconnects).singleElement().extracting(Reconnect::resume).isEqualTo(false);
    }

    @Test
    void resumeTimedOut_onlyWhileWaitingForTheAnswer() {
      inFlightThenReconnect();
      h.resumed("c1", 3);
      h.engine.resumeTimedOut("late");
      assertThat(h.reconnects).as("resumed already: a late timer does nothing").isEmpty();
      h.engine.connectionLost();
      h.engine.connectionOpened();
      h.welcome("c9", 5, "{\"name\":\"ignored\"}");
      h.engine.resumeTimedOut("no answer");
      assertThat(h.reconnects).containsExactly(new Reconnect(false, "no answer"));
    }

    @Test
    void resumedWelcome_forAnotherVersion_resyncsWithoutResume() {
      inFlightThenReconnect();
      h.resumed("c1", 2);
      assertThat(h.reconnects).singleElement().extracting(Reconnect::resume).isEqualTo(false);
    }

    @Test
    void changesWhileOffline_areQueued_andSentAfterResume() {
      h.connected("c1", 0, "{\"name\":\"Ada\"}");
      h.engine.connectionLost();
      Outcome o = h.submit("[{\"p\":[\"name\",0],\"si\":\"x\"}]");
      assertThat(h.opsSent()).isZero();
      assertThat(h.doc()).isEqualTo("{\"name\":\"xAda\"}");

      h.engine.connectionOpened();
      h.welcome("c2", 0, "{\"name\":\"Ada\"}");
      h.resumed("c1", 0);

      assertThat(h.lastOp().seq()).isEqualTo(1);
      assertThat(h.lastOp().src()).isEqualTo("c1");
      assertThat(o.pending()).isTrue();
    }
  }

  @Test
  void close_failsEveryChangeNotAcknowledged_andRefusesNewOnes() {
    h.connected("c1", 0, "{\"name\":\"Ada\"}");
    Outcome a = h.submit("[{\"p\":[\"name\",0],\"si\":\"x\"}]");
    Outcome b = h.submit("[{\"p\":[\"name\",0],\"si\":\"y\"}]");
    h.engine.close(new ClientClosedException("bye"));

    assertThat(a.error).isInstanceOf(ClientClosedException.class);
    assertThat(b.error).isInstanceOf(ClientClosedException.class);
    assertThatThrownBy(() -> h.engine.submit(Op.parse("[]"), new Outcome())).isInstanceOf(ClientClosedException.class);
  }
}
