package org.personacollab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {
  @Test
  void compilerThreadNames_areHotSpotsTruncatedOnes() {
    assertThat(CpuSampler.isCompilerThread("C2 CompilerThre")).isTrue();
    assertThat(CpuSampler.isCompilerThread("C1 CompilerThre")).isTrue();
    assertThat(CpuSampler.isCompilerThread("GC Thread#0")).isFalse();
    assertThat(CpuSampler.isCompilerThread("reactor-http-ep")).isFalse();
  }

  /** This JVM compiles while it runs the tests: its compiler threads are found and their time only grows. */
  @Test
  void compilerTicks_ofThisJvm_arePartOfItsProcessTicks() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
    long pid = ProcessHandle.current().pid();
    long before = CpuSampler.compilerTicks(pid).orElseThrow();
    long x = 0;
    for (int i = 0; i < 50_000_000; i++) x += Long.numberOfTrailingZeros(i ^ x); // something to compile
    assertThat(x).isNotEqualTo(-1);
    long after = CpuSampler.compilerTicks(pid).orElseThrow();
    long all = CpuSampler.processTicks(pid).orElseThrow();
    assertThat(after).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(all);
    CpuSampler.Sample a = CpuSampler.take(Map.of("me", pid));
    CpuSampler.Sample b = CpuSampler.take(Map.of("me", pid));
    assertThat(a.jit()).containsKey("me");
    assertThat(CpuSampler.between(a, b).jit()).containsKey("me");
    assertThat(CpuSampler.between(a, b).jit().get("me")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void compilerTicks_ofAProcessThatIsNotThere_isEmpty() {
    assertThat(CpuSampler.compilerTicks(Long.MAX_VALUE)).isEmpty();
  }
}
