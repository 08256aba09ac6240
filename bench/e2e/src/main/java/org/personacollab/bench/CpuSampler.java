package org.personacollab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time from {@code /proc} (Linux): the whole machine ({@code /proc/stat}) and named processes
 * ({@code /proc/<pid>/stat}, user + system time of all threads), sampled at the start and end of
 * the measured window. Elsewhere every reading is absent and the report says so.
 *
 * <p>For a JVM it also reads the share of its JIT compiler threads ({@code C1 CompilerThre…},
 * {@code C2 CompilerThre…} in {@code /proc/<pid>/task/<tid>/comm}): on a 2-core machine C2 keeps
 * compiling for minutes after a service starts, and a window measured while it does shows the
 * warm-up, not the steady state.
 */
final class CpuSampler {
  /** Clock ticks per second of {@code /proc} times; 100 on every mainstream Linux build. */
  private static final double TICKS = 100.0;

  /** One reading: machine ticks (total, idle), ticks per named process, ticks of every process. */
  record Sample(long nanoTime, long total, long idle, Map<String, Long> processes, Map<String, Long> jit, Map<Long, Long> all) {}

  /**
   * CPU used between two samples: cores per named process, the machine's busy share (0..1), and
   * the busiest other processes ("name cores", most first).
   */
  record Usage(
      double seconds, Map<String, Double> cores, Map<String, Double> jit, double machineBusy, double machineCores, List<String> others) {
    double otherCores() {
      double known = 0;
      for (double c : cores.values()) known += c;
      return Math.max(0, machineBusy * machineCores - known);
    }
  }

  private CpuSampler() {}

  static Sample take(Map<String, Long> pids) {
    long total = -1;
    long idle = -1;
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      total = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) total += Long.parseLong(f[i]);
      idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    } catch (IOException | RuntimeException e) {
      // not Linux: no machine numbers
    }
    Map<String, Long> procs = new LinkedHashMap<>();
    pids.forEach((name, pid) -> processTicks(pid).ifPresent(t -> procs.put(name, t)));
    Map<String, Long> jit = new LinkedHashMap<>();
    pids.forEach((name, pid) -> compilerTicks(pid).ifPresent(t -> jit.put(name, t)));
    Map<Long, Long> all = new HashMap<>();
    java.util.Collection<Long> named = pids.values();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.map(p -> p.getFileName().toString())
          .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> !named.contains(pid))
          .forEach(pid -> processTicks(pid).ifPresent(t -> all.put(pid, t)));
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return new Sample(System.nanoTime(), total, idle, procs, jit, all);
  }

  static Usage between(Sample a, Sample b) {
    double seconds = (b.nanoTime() - a.nanoTime()) / 1e9;
    Map<String, Double> cores = new LinkedHashMap<>();
    b.processes().forEach((name, ticks) -> {
      Long before = a.processes().get(name);
      if (before != null && seconds > 0) cores.put(name, (ticks - before) / TICKS / seconds);
    });
    Map<String, Double> jit = new LinkedHashMap<>();
    b.jit().forEach((name, ticks) -> {
      Long before = a.jit().get(name);
      if (before != null && seconds > 0) jit.put(name, (ticks - before) / TICKS / seconds);
    });
    double busy = Double.NaN;
    if (a.total() >= 0 && b.total() > a.total()) {
      long dt = b.total() - a.total();
      busy = 1.0 - (double) (b.idle() - a.idle()) / dt;
    }
    List<Map.Entry<Long, Double>> others = new ArrayList<>();
    b.all().forEach((pid, ticks) -> {
      Long before = a.all().get(pid);
      double c = (ticks - (before == null ? 0 : before)) / TICKS / seconds;
      if (seconds > 0 && c >= 0.01) others.add(Map.entry(pid, c));
    });
    others.sort(Map.Entry.<Long, Double>comparingByValue().reversed());
    List<String> top = new ArrayList<>();
    for (Map.Entry<Long, Double> e : others.subList(0, Math.min(4, others.size()))) {
      top.add(String.format(java.util.Locale.ROOT, "%s %.2f", describe(e.getKey()), e.getValue()));
    }
    return new Usage(seconds, cores, jit, busy, Runtime.getRuntime().availableProcessors(), top);
  }

  /** {@code comm}, and for a JVM the jar or main class it runs (what a reader needs to recognise it). */
  static String describe(long pid) {
    try {
      String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
      String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0");
      if (!comm.equals("java")) return comm;
      for (int i = 1; i < args.length; i++) {
        if (args[i].equals("-jar") && i + 1 < args.length) return "java -jar " + Path.of(args[i + 1]).getFileName();
        if (args[i].equals("-cp") || args[i].equals("-classpath")) {
          if (i + 2 < args.length) return "java " + args[i + 2];
        }
      }
      return "java";
    } catch (IOException | RuntimeException e) {
      return "pid " + pid + " (exited)";
    }
  }

  /** utime + stime of {@code pid}, in ticks. */
  static Optional<Long> processTicks(long pid) {
    return ticks(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * utime + stime of the JIT compiler threads of {@code pid}, in ticks; empty if it has none (not
   * a HotSpot JVM) or {@code /proc} cannot be read. Threads that ended are not counted, which is
   * right for HotSpot: its compiler threads live as long as the JVM (unless
   * {@code -XX:+UseDynamicNumberOfCompilerThreads} retires an idle extra one).
   */
  static Optional<Long> compilerTicks(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long sum = 0;
    boolean found = false;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String comm;
        try {
          comm = Files.readString(thread.resolve("comm")).strip();
        } catch (IOException e) {
          continue; // the thread ended while we listed
        }
        if (!isCompilerThread(comm)) continue;
        Optional<Long> t = ticks(thread.resolve("stat"));
        if (t.isPresent()) {
          sum += t.get();
          found = true;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return found ? Optional.of(sum) : Optional.empty();
  }

  /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"; Linux keeps 15 characters. */
  static boolean isCompilerThread(String comm) {
    return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
  }

  /** Fields 14 and 15 (utime, stime) of a {@code stat} file, in ticks. */
  private static Optional<Long> ticks(Path stat) {
    try {
      String text = Files.readString(stat);
      // The command name (field 2) is in parentheses and may contain spaces.
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The pid of a process whose command name is {@code comm} (e.g. the local redis-server), if any. */
  static Optional<Long> findByName(String comm) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> {
            try {
              return Files.readString(p.resolve("comm")).strip().equals(comm);
            } catch (IOException e) {
              return false;
            }
          })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
