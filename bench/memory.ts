/**
 * Peak memory of this process: RSS sampled every 50 ms (what a user watching `top` sees),
 * and the kernel's maxRSS, which also catches peaks between samples or while the event
 * loop is busy (PGlite runs in this thread, so samples can be late). The JavaScript heap's
 * peak is kept too: it tells our objects apart from the database engine's memory.
 */
export interface MemoryPeak { sampledPeakMiB: number; maxRssMiB: number; heapPeakMiB: number; samples: number }

const MiB = 1024 * 1024;

export class MemorySampler {
  private peak = process.memoryUsage().rss;
  private heapPeak = process.memoryUsage().heapUsed;
  private samples = 0;
  private readonly timer = setInterval(() => this.sample(), 50);

  private sample() {
    this.samples += 1;
    const { rss, heapUsed } = process.memoryUsage();
    this.peak = Math.max(this.peak, rss);
    this.heapPeak = Math.max(this.heapPeak, heapUsed);
  }

  stop(): MemoryPeak {
    this.sample();
    clearInterval(this.timer);
    // resourceUsage().maxRSS is in kilobytes
    return {
      sampledPeakMiB: round(this.peak / MiB), maxRssMiB: round((process.resourceUsage().maxRSS * 1024) / MiB),
      heapPeakMiB: round(this.heapPeak / MiB), samples: this.samples,
    };
  }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
