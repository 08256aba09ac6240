package org.personacollab.ot.conformance;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.personacollab.ot.ErrorCode;
import org.personacollab.ot.Json0;
import org.personacollab.ot.JsonCodec;
import org.personacollab.ot.Op;
import org.personacollab.ot.OtException;
import org.personacollab.ot.Side;

/**
 * Reads one JSON request per line on stdin and writes one JSON line per request on stdout, in
 * order (the protocol is in spec.md, "Conformance runner"):
 *
 * <pre>
 * {"fn":"apply","doc":D,"op":O}                        -> {"ok":D2}
 * {"fn":"transform","op":O,"other":P,"side":"left"}    -> {"ok":O2}
 * {"fn":"compose","a":O,"b":P}                         -> {"ok":O3}
 * {"fn":"invert","op":O}                               -> {"ok":O4}
 * {"fn":"normalize","op":O}                            -> {"ok":O5}
 * anything that fails                                  -> {"error":"code: message"}
 * </pre>
 *
 * A malformed line gets an error line; the runner never stops before the end of its input. It
 * uses the public API only, so it is also the smallest complete example of it.
 */
public final class ConformanceRunner {
  private ConformanceRunner() {}

  public static void main(String[] args) throws IOException {
    run(new InputStreamReader(System.in, StandardCharsets.UTF_8), new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
  }

  /** Answers every line of in on out, then flushes out. */
  public static void run(Reader in, Writer out) throws IOException {
    BufferedReader r = new BufferedReader(in, 1 << 16);
    BufferedWriter w = new BufferedWriter(out, 1 << 16);
    String line;
    while ((line = r.readLine()) != null) {
      w.write(handle(line));
      w.write('\n');
    }
    w.flush();
  }

  /** The response line (without newline) for one request line. */
  public static String handle(String line) {
    try {
      Object ok = dispatch(JsonCodec.parse(line));
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("ok", ok);
      return JsonCodec.write(res);
    } catch (OtException e) {
      return error(e.getMessage());
    } catch (RuntimeException e) {
      return error("internal: " + e);
    }
  }

  private static String error(@Nullable String message) {
    return JsonCodec.write(Map.of("error", String.valueOf(message)));
  }

  private static @Nullable Object dispatch(@Nullable Object request) {
    if (!(request instanceof Map<?, ?> req)) {
      throw new OtException(ErrorCode.BAD_REQUEST, "a request must be a JSON object");
    }
    Object fn = req.get("fn");
    if ("apply".equals(fn)) {
      Object doc = need(req, "doc");
      return Json0.apply(doc, Op.fromPlain(need(req, "op")));
    }
    if ("transform".equals(fn)) {
      Op op = Op.fromPlain(need(req, "op"));
      Op other = Op.fromPlain(need(req, "other"));
      return Json0.transform(op, other, Side.of(need(req, "side"))).toPlain();
    }
    if ("compose".equals(fn)) {
      return Json0.compose(Op.fromPlain(need(req, "a")), Op.fromPlain(need(req, "b"))).toPlain();
    }
    if ("invert".equals(fn)) {
      return Json0.invert(Op.fromPlain(need(req, "op"))).toPlain();
    }
    if ("normalize".equals(fn)) {
      return Json0.normalize(Op.fromPlain(lenient(need(req, "op")))).toPlain();
    }
    throw new OtException(ErrorCode.BAD_REQUEST, "unknown fn " + JsonCodec.write(fn));
  }

  private static @Nullable Object need(Map<?, ?> req, String field) {
    if (!req.containsKey(field)) {
      throw new OtException(ErrorCode.BAD_REQUEST, "missing field \"" + field + "\"");
    }
    return req.get(field);
  }

  /**
   * json0's normalize accepts a single component for an op and a component without a path as one
   * at the root; so does ours (here, because the engine's Op is always a list of full components).
   */
  private static @Nullable Object lenient(@Nullable Object op) {
    List<?> list = op instanceof List<?> l ? l : op instanceof Map ? List.of(op) : null;
    if (list == null) {
      return op;
    }
    List<Object> out = new ArrayList<>(list.size());
    for (Object c : list) {
      if (c instanceof Map<?, ?> m && m.get("p") == null) {
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        copy.put("p", List.of());
        out.add(copy);
      } else {
        out.add(c);
      }
    }
    return out;
  }
}
