package org.personacollab.client;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.protocol.WireCodec;
import org.personacollab.protocol.frame.ClientFrame;
import org.personacollab.protocol.frame.OpSubmit;
import org.personacollab.protocol.frame.ServerFrame;

/** A {@link SyncEngine} with recording effects, fed with frames written as JSON text. */
final class EngineHarness implements SyncEngine.Effects {
  record Retry(long seq, int sends, @Nullable Long retryAfter) {}

  record Reconnect(boolean resume, String reason) {}

  /** The outcome of one submitted change. */
  static final class Outcome implements SyncEngine.Waiter {
    boolean acked;
    @Nullable Throwable error;

    @Override
    public void acknowledged() {
      if (acked || error != null) {
        throw new AssertionError("settled twice");
      }
      acked = true;
    }

    @Override
    public void failed(Throwable e) {
      if (acked || error != null) {
        throw new AssertionError("settled twice");
      }
      error = e;
    }

    boolean pending() {
      return !acked && error == null;
    }
  }

  static final WireCodec CODEC = new WireCodec();

  final List<ClientFrame> sent = new ArrayList<>();
  final List<DocumentEvent> events = new ArrayList<>();
  final List<Retry> retries = new ArrayList<>();
  final List<Reconnect> reconnects = new ArrayList<>();
  final SyncEngine engine = new SyncEngine(this, new FrameCodec(), "me");

  @Override
  public void send(ClientFrame frame) {
    sent.add(frame);
  }

  @Override
  public void changed(DocumentEvent event) {
    events.add(event);
  }

  @Override
  public void retryLater(long seq, int sends, @Nullable Long retryAfterMillis) {
    retries.add(new Retry(seq, sends, retryAfterMillis));
  }

  @Override
  public void reconnect(boolean resume, String reason) {
    reconnects.add(new Reconnect(resume, reason));
  }

  /** Feeds one server frame written as JSON. */
  EngineHarness frame(String json) {
    engine.receive(CODEC.read(json, ServerFrame.class));
    return this;
  }

  EngineHarness welcome(String clientId, long version, String snapshot) {
    return frame("{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s\",\"clientId\":\"" + clientId
        + "\",\"version\":" + version + ",\"snapshot\":" + snapshot + ",\"participants\":[],\"resumed\":false}");
  }

  EngineHarness resumed(String clientId, long version) {
    return frame("{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s\",\"clientId\":\"" + clientId
        + "\",\"version\":" + version + ",\"participants\":[],\"resumed\":true}");
  }

  EngineHarness op(long v, String src, long seq, String op) {
    return frame("{\"type\":\"op\",\"v\":" + v + ",\"src\":\"" + src + "\",\"seq\":" + seq + ",\"op\":" + op
        + ",\"user_id\":\"u-" + src + "\",\"ts\":1}");
  }

  EngineHarness nack(long seq, String code, @Nullable Long retryAfter) {
    return frame("{\"type\":\"nack\",\"seq\":" + seq + ",\"code\":\"" + code + "\",\"message\":\"m\""
        + (retryAfter == null ? "" : ",\"retryAfter\":" + retryAfter) + "}");
  }

  /** Opens a socket and adopts a first welcome. */
  EngineHarness connected(String clientId, long version, String snapshot) {
    engine.connectionOpened();
    return welcome(clientId, version, snapshot);
  }

  Outcome submit(String op) {
    Outcome o = new Outcome();
    engine.submit(Op.parse(op), o);
    return o;
  }

  /** The canonical JSON of the engine's document. */
  String doc() {
    return JsonCodec.canonical(engine.document());
  }

  /** The last frame sent, which must be an op. */
  OpSubmit lastOp() {
    ClientFrame f = sent.get(sent.size() - 1);
    if (!(f instanceof OpSubmit o)) {
      throw new AssertionError("the last frame sent is " + f + ", not an op");
    }
    return o;
  }

  long opsSent() {
    return sent.stream().filter(f -> f instanceof OpSubmit).count();
  }

  static String canonical(String json) {
    return JsonCodec.canonical(JsonCodec.parse(json));
  }
}
