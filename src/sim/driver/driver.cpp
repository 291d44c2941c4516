// Generic Verilator driver for the sme-rtl simulation bridge (docs/sim.md, "Driver protocol").
//
// One static source for every design: what differs per design (the Verilated class, the ports and their
// widths, the clock) comes from the generated header port_table.h (src/sim/driver.ts). The driver talks a
// line protocol over two FIFOs (requests in, replies out). Ports are addressed by index; values travel as
// hexadecimal text. Verilator stores every port as a little-endian byte array (CData..QData, or VlWide words
// least significant first), so one byte-level routine reads and writes ports of any width.
//
// Compile-time switches, like Verilator's own examples:
//   VM_TRACE_VCD / VM_TRACE_FST  set by Verilator's makefile for --trace / --trace-fst: wave output (W).
//   SME_BENCH_LOOP               the raw C++ stream loop used as the benchmark baseline (T).
//   VM_COVERAGE                  set by Verilator's makefile for --coverage-*: coverage counts written on request (V).
// A production build has none of them.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "port_table.h"
#include "verilated.h"

#if VM_COVERAGE
#include "verilated_cov.h"
#endif

#if VM_TRACE_FST
#include "verilated_fst_c.h"
#define SME_TRACE 1
using WaveWriter = VerilatedFstC;
#elif VM_TRACE_VCD
#include "verilated_vcd_c.h"
#define SME_TRACE 1
using WaveWriter = VerilatedVcdC;
#endif

namespace {

struct Port {
  const char* name;
  int width;
  bool input;
  uint8_t* data;
  int bytes;
};

VerilatedContext* ctx = nullptr;
sme::Model* top = nullptr;
std::vector<Port> ports;
std::vector<std::vector<uint8_t>> edgeSnapshot;  // every port's value sampled at the last rising edge
uint8_t* clk = nullptr;
bool dirty = true;     // inputs changed since the last eval()
uint64_t cycle = 0;    // rising edges so far
uint64_t simTime = 0;  // wave time, 10 units per cycle
#ifdef SME_TRACE
WaveWriter* wave = nullptr;
#endif

int inFd = -1, outFd = -1;
std::vector<char> inBuf(1 << 16);
size_t inStart = 0, inEnd = 0;
std::string out;

// Ends the simulator with a message on stderr (which the host shows as a crash), keeping the waves so far.
[[noreturn]] void fail(const char* what, const char* detail = "") {
  std::fprintf(stderr, "sim driver: %s%s\n", what, detail);
  std::fflush(stderr);
#ifdef SME_TRACE
  if (wave) wave->close();
#endif
  std::_Exit(3);
}

// ---------------------------------------------------------------------------------------------------------
// Pipes: request lines in, reply text out.

void flushOut() {
  size_t off = 0;
  while (off < out.size()) {
    ssize_t n = ::write(outFd, out.data() + off, out.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::_Exit(0);  // the host went away: nothing left to answer
    }
    off += static_cast<size_t>(n);
  }
  out.clear();
}

// Returns the next request line (without the newline, NUL-terminated in place) or nullptr at end of input.
// A stream run's payload line can be megabytes long: the scan resumes where it stopped, so reading stays
// linear in the line's length.
char* readLine() {
  size_t scan = inStart;
  for (;;) {
    char* nl = static_cast<char*>(std::memchr(inBuf.data() + scan, '\n', inEnd - scan));
    if (nl) {
      *nl = 0;
      char* line = &inBuf[inStart];
      inStart = static_cast<size_t>(nl - inBuf.data()) + 1;
      return line;
    }
    scan = inEnd;
    if (inStart > 0) {
      std::memmove(inBuf.data(), inBuf.data() + inStart, inEnd - inStart);
      inEnd -= inStart;
      scan -= inStart;
      inStart = 0;
    }
    if (inEnd == inBuf.size()) inBuf.resize(inBuf.size() * 2);
    ssize_t n = ::read(inFd, inBuf.data() + inEnd, inBuf.size() - inEnd);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return nullptr;
    inEnd += static_cast<size_t>(n);
  }
}

char* nextToken(char*& cursor) {
  while (*cursor == ' ') cursor++;
  if (*cursor == 0) fail("malformed request: missing field");
  char* start = cursor;
  while (*cursor != ' ' && *cursor != 0) cursor++;
  if (*cursor == ' ') *cursor++ = 0;
  return start;
}

uint64_t nextNumber(char*& cursor) {
  char* tok = nextToken(cursor);
  char* end = nullptr;
  uint64_t v = std::strtoull(tok, &end, 10);
  if (*end != 0) fail("malformed number: ", tok);
  return v;
}

Port& nextPort(char*& cursor) {
  uint64_t i = nextNumber(cursor);
  if (i >= ports.size()) fail("port index out of range");
  return ports[i];
}

void appendNumber(uint64_t v) { out += std::to_string(v); }

// ---------------------------------------------------------------------------------------------------------
// Values: hex text <-> little-endian port bytes.

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  fail("bad hex digit in value");
}

// The bits of byte `b` that a port of `width` bits uses.
uint8_t byteMask(int b, int width) {
  int fullBytes = width / 8;
  int rem = width % 8;
  if (b < fullBytes) return 0xff;
  return b == fullBytes && rem ? static_cast<uint8_t>((1u << rem) - 1) : 0;
}

// Parses hex text into a little-endian byte buffer of `bytes` bytes, masked to `width` bits.
void parseHex(const char* hex, uint8_t* dst, int bytes, int width) {
  std::memset(dst, 0, static_cast<size_t>(bytes));
  size_t len = std::strlen(hex);
  int byte = 0;
  bool high = false;
  for (size_t k = len; k-- > 0;) {
    int d = hexDigit(hex[k]);
    if (byte >= bytes) {
      if (d != 0) fail("value wider than its port");
      continue;
    }
    dst[byte] = static_cast<uint8_t>(dst[byte] | (high ? d << 4 : d));
    if (high) byte++;
    high = !high;
  }
  for (int b = 0; b < bytes; b++) {
    if (dst[b] & ~byteMask(b, width)) fail("value wider than its port");
  }
}

void appendHex(const uint8_t* src, int bytes) {
  static const char digits[] = "0123456789abcdef";
  int b = bytes - 1;
  while (b > 0 && src[b] == 0) b--;
  if (src[b] >> 4) out.push_back(digits[src[b] >> 4]);
  out.push_back(digits[src[b] & 15]);
  for (b--; b >= 0; b--) {
    out.push_back(digits[src[b] >> 4]);
    out.push_back(digits[src[b] & 15]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The model: settling, clocking, waves.

// A sign of life ("~" on a line of its own, skipped by the host) at most every 250 ms during long runs, so
// that the host's hang timeout measures silence, not the length of a legitimately long request.
timespec lastBeat{};
void heartbeat() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if ((now.tv_sec - lastBeat.tv_sec) * 1000000000ll + (now.tv_nsec - lastBeat.tv_nsec) < 250000000ll) return;
  lastBeat = now;
  if (::write(outFd, "~\n", 2) < 0) std::_Exit(0);
}

void dumpWave() {
#ifdef SME_TRACE
  if (wave) wave->dump(simTime);
#endif
}

// $finish, $stop and $fatal (with fatalOnError off) end the run here rather than abort(), so waves are kept.
void checkFinish() {
  if (Verilated::gotFinish()) fail("the design ended the simulation ($finish, $stop or $fatal)");
}

void settle() {
  if (!dirty) return;
  top->eval();
  dirty = false;
  simTime++;
  dumpWave();
  checkFinish();
}

void snapshotEdge() {
  for (size_t i = 0; i < ports.size(); i++) {
    std::memcpy(edgeSnapshot[i].data(), ports[i].data, static_cast<size_t>(ports[i].bytes));
  }
}

void requireClock() {
  if (!clk) fail("this design has no clock to step");
}

// One clock cycle: settle pending writes, sample every port (the values the rising edge sees), rise, fall.
void cycleOnce() {
  requireClock();
  settle();
  snapshotEdge();
  uint64_t base = (simTime / 10 + 1) * 10;
  *clk = 1;
  top->eval();
  simTime = base;
  dumpWave();
  *clk = 0;
  top->eval();
  simTime = base + 5;
  dumpWave();
  cycle++;
  if ((cycle & 1023) == 0) heartbeat();
  checkFinish();
}

bool portTrue(const Port& p) {
  for (int b = 0; b < p.bytes; b++) {
    if (p.data[b]) return true;
  }
  return false;
}

void setBit(Port& p, bool v) {
  std::memset(p.data, 0, static_cast<size_t>(p.bytes));
  p.data[0] = v ? 1 : 0;
  dirty = true;
}

void requireInput(const Port& p) {
  if (!p.input) fail("cannot write an output port: ", p.name);
}

// ---------------------------------------------------------------------------------------------------------
// Requests.

// B np ns <poke ports> <sample ports> ncycles; then ncycles lines of np values ('-' keeps the value).
// Replies with one line of ncycles*ns values sampled at each rising edge.
void batch(char* cursor) {
  uint64_t np = nextNumber(cursor), ns = nextNumber(cursor);
  std::vector<Port*> pokes, samples;
  for (uint64_t i = 0; i < np; i++) {
    pokes.push_back(&nextPort(cursor));
    requireInput(*pokes.back());
  }
  for (uint64_t i = 0; i < ns; i++) samples.push_back(&nextPort(cursor));
  uint64_t n = nextNumber(cursor);
  for (uint64_t c = 0; c < n; c++) {
    char* line = readLine();
    if (!line) std::_Exit(0);
    for (uint64_t i = 0; i < np; i++) {
      char* tok = nextToken(line);
      if (tok[0] == '-' && tok[1] == 0) continue;
      parseHex(tok, pokes[i]->data, pokes[i]->bytes, pokes[i]->width);
      dirty = true;
    }
    settle();
    for (uint64_t i = 0; i < ns; i++) {
      if (c || i) out.push_back(' ');
      appendHex(samples[i]->data, samples[i]->bytes);
    }
    cycleOnce();
  }
  out.push_back('\n');
}

// Whether a stream side is ready (or offers) in a given cycle: always, a repeating pattern, or seeded random.
struct Backpressure {
  char mode = 'a';  // a: always ready, p: repeating pattern, r: random
  std::string pattern;
  uint64_t permille = 1000, state = 1;
  bool ready(uint64_t c) {
    if (mode == 'p') return pattern[c % pattern.size()] == '1';
    if (mode == 'r') {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state % 1000 < permille;
    }
    return true;
  }
  void read(char*& cursor) {
    char* m = nextToken(cursor);
    mode = m[0];
    if (mode == 'p') {
      pattern = nextToken(cursor);
    } else if (mode == 'r') {
      permille = nextNumber(cursor);
      state = nextNumber(cursor) * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
      if (!state) state = 1;
    } else if (mode != 'a') {
      fail("unknown back-pressure mode: ", m);
    }
  }
};

// R inValid inReady nIn <in data ports> outValid outReady nOut <out data ports> nPayloads expect maxCycles
//   <input pattern> <output back-pressure>; then one line with nPayloads*nIn values.
// Presents payloads on the input stream, collects payloads on the output stream (transfer = valid && ready
// at a rising edge) and replies "ok|budget cycles sent got" then one line of got*nOut values.
void stream(char* cursor) {
  Port& inValid = nextPort(cursor);
  Port& inReady = nextPort(cursor);
  requireInput(inValid);
  uint64_t nIn = nextNumber(cursor);
  std::vector<Port*> inData;
  for (uint64_t i = 0; i < nIn; i++) {
    inData.push_back(&nextPort(cursor));
    requireInput(*inData.back());
  }
  Port& outValid = nextPort(cursor);
  Port& outReady = nextPort(cursor);
  requireInput(outReady);
  uint64_t nOut = nextNumber(cursor);
  std::vector<Port*> outData;
  for (uint64_t i = 0; i < nOut; i++) outData.push_back(&nextPort(cursor));
  uint64_t nPayloads = nextNumber(cursor), expect = nextNumber(cursor), maxCycles = nextNumber(cursor);
  Backpressure inPattern, outPattern;
  inPattern.read(cursor);
  outPattern.read(cursor);

  std::vector<std::vector<uint8_t>> payloads(nPayloads * nIn);
  char* line = nPayloads ? readLine() : nullptr;
  if (nPayloads && !line) std::_Exit(0);
  for (uint64_t k = 0; k < nPayloads * nIn; k++) {
    Port& p = *inData[k % nIn];
    payloads[k].resize(static_cast<size_t>(p.bytes));
    parseHex(nextToken(line), payloads[k].data(), p.bytes, p.width);
  }

  std::string collected;
  std::string saved;
  saved.swap(out);
  uint64_t sent = 0, got = 0, cycles = 0, presented = UINT64_MAX;
  bool done = false;
  while (!(done = sent >= nPayloads && got >= expect) && cycles < maxCycles) {
    bool offer = sent < nPayloads && inPattern.ready(cycles);
    if (offer && presented != sent) {
      for (uint64_t i = 0; i < nIn; i++) {
        std::memcpy(inData[i]->data, payloads[sent * nIn + i].data(), static_cast<size_t>(inData[i]->bytes));
      }
      presented = sent;
    }
    setBit(inValid, offer);
    setBit(outReady, outPattern.ready(cycles));
    settle();
    bool inFire = offer && portTrue(inReady);
    if (portTrue(outValid) && portTrue(outReady)) {
      for (uint64_t i = 0; i < nOut; i++) {
        if (got || i) out.push_back(' ');
        appendHex(outData[i]->data, outData[i]->bytes);
      }
      got++;
    }
    cycleOnce();
    cycles++;
    if (inFire) sent++;
  }
  setBit(inValid, false);
  setBit(outReady, false);
  settle();
  collected.swap(out);
  out.swap(saved);
  out += done ? "ok " : "budget ";
  appendNumber(cycles);
  out.push_back(' ');
  appendNumber(sent);
  out.push_back(' ');
  appendNumber(got);
  out.push_back('\n');
  out += collected;
  out.push_back('\n');
}

#ifdef SME_BENCH_LOOP
// T inValid inReady inData outValid outReady nVectors: the raw C++ loop, the benchmark baseline. Streams
// nVectors pseudo-random payloads through with the output always ready, like R but with no text I/O at all;
// replies "cycles received nanoseconds".
void rawLoop(char* cursor) {
  requireClock();
  Port& inValid = nextPort(cursor);
  Port& inReady = nextPort(cursor);
  Port& inData = nextPort(cursor);
  Port& outValid = nextPort(cursor);
  Port& outReady = nextPort(cursor);
  requireInput(inValid);
  requireInput(inData);
  requireInput(outReady);
  uint64_t n = nextNumber(cursor);
  uint64_t state = 0x2545F4914F6CDD1Dull;
  auto randomize = [&]() {
    for (int b = 0; b < inData.bytes; b++) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      inData.data[b] = static_cast<uint8_t>(state & byteMask(b, inData.width));
    }
  };
  timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  uint64_t sent = 0, got = 0, cycles = 0;
  randomize();
  setBit(outReady, true);
  while (got < n && cycles < 1000 * n + 1000) {
    setBit(inValid, sent < n);
    top->eval();
    bool inFire = sent < n && portTrue(inReady);
    bool outFire = portTrue(outValid);
    *clk = 1;
    top->eval();
    *clk = 0;
    top->eval();
    cycles++;
    if ((cycles & 1023) == 0) heartbeat();
    if (outFire) got++;
    if (inFire) {
      sent++;
      randomize();
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  setBit(inValid, false);
  setBit(outReady, false);
  settle();
  cycle += cycles;
  appendNumber(cycles);
  out.push_back(' ');
  appendNumber(got);
  out.push_back(' ');
  appendNumber(static_cast<uint64_t>((t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec)));
  out.push_back('\n');
}
#else
void rawLoop(char*) { fail("the benchmark loop needs a simulator built with it (build option benchLoop)"); }
#endif

// W 1 path: start writing waves to path; W 0: stop.
void waves(char* cursor) {
  uint64_t on = nextNumber(cursor);
#ifdef SME_TRACE
  if (on) {
    while (*cursor == ' ') cursor++;
    if (wave) fail("waves are already being written");
    ctx->traceEverOn(true);
    wave = new WaveWriter;
    top->trace(wave, 99);
    wave->open(cursor);
    if (!wave->isOpen()) fail("cannot open wave file: ", cursor);
    wave->dump(simTime);
  } else if (wave) {
    wave->close();
    delete wave;
    wave = nullptr;
  }
#else
  if (on) fail("waves need a simulator built with tracing (simulate(..., { waves: ... }))");
#endif
}

// V path: write the coverage counts so far (cumulative since the start) to path, in Verilator's coverage.dat
// format, for verilator_coverage to merge and report.
void coverage(char* cursor) {
  while (*cursor == ' ') cursor++;
#if VM_COVERAGE
  if (!*cursor) fail("coverage request without a file name");
  ctx->coveragep()->write(cursor);
#else
  fail("coverage needs a simulator built with coverage (simulate(..., { coverage: ... }))");
#endif
}

// Handles one request line; false on Q (quit).
bool handle(char* line) {
  char op = line[0];
  char* cursor = line + 1;
  switch (op) {
    case 'P': {  // P port value: write an input (settles lazily, before the next read or edge)
      Port& p = nextPort(cursor);
      requireInput(p);
      parseHex(nextToken(cursor), p.data, p.bytes, p.width);
      dirty = true;
      break;
    }
    case 'G': {  // G port: read the current, settled value
      Port& p = nextPort(cursor);
      settle();
      appendHex(p.data, p.bytes);
      out.push_back('\n');
      flushOut();
      break;
    }
    case 'E': {  // E port: read the value sampled at the last rising edge
      uint64_t i = nextNumber(cursor);
      if (i >= ports.size()) fail("port index out of range");
      appendHex(edgeSnapshot[i].data(), ports[i].bytes);
      out.push_back('\n');
      flushOut();
      break;
    }
    case 'S': {  // S n: run n clock cycles
      uint64_t n = nextNumber(cursor);
      for (uint64_t i = 0; i < n; i++) cycleOnce();
      break;
    }
    case 'C':  // C: cycle count (also a synchronisation point)
      appendNumber(cycle);
      out.push_back('\n');
      flushOut();
      break;
    case 'B':
      batch(cursor);
      flushOut();
      break;
    case 'R':
      stream(cursor);
      flushOut();
      break;
    case 'T':
      rawLoop(cursor);
      flushOut();
      break;
    case 'W':
      waves(cursor);
      break;
    case 'V':
      coverage(cursor);
      break;
    case 'Q':
      return false;
    case 0:
      break;
    default:
      fail("unknown request: ", line);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) fail("usage: sim <request fifo> <reply fifo> <parent pid> <log file>");
  // stdout ($display, $fatal) and stderr go to a log file the host reads synchronously after a crash.
  int logFd = ::open(argv[4], O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (logFd < 0) fail("cannot open log file: ", argv[4]);
  ::dup2(logFd, 1);
  ::dup2(logFd, 2);
  ::close(logFd);
  // Die with the host process, even if it is killed without a chance to clean up.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != static_cast<pid_t>(std::atoll(argv[3]))) return 0;
  signal(SIGPIPE, SIG_DFL);
  // Unbuffered, so a crash cannot swallow the last words.
  std::setvbuf(stdout, nullptr, _IONBF, 0);
  inFd = ::open(argv[1], O_RDONLY);
  if (inFd < 0) fail("cannot open request fifo: ", argv[1]);
  outFd = ::open(argv[2], O_WRONLY);
  if (outFd < 0) fail("cannot open reply fifo: ", argv[2]);
  // Bigger pipes mean fewer context switches for megabyte-sized stream runs (best effort; the limit is
  // /proc/sys/fs/pipe-max-size).
  fcntl(inFd, F_SETPIPE_SZ, 1 << 20);
  fcntl(outFd, F_SETPIPE_SZ, 1 << 20);

  ctx = new VerilatedContext;
  ctx->fatalOnError(false);
  top = new sme::Model{ctx, "top"};
  sme::visitPorts(*top, [](const char* name, int width, bool input, auto& member) {
    ports.push_back(Port{name, width, input, reinterpret_cast<uint8_t*>(&member), static_cast<int>(sizeof member)});
  });
  clk = sme::clockPort(*top);
  for (const Port& p : ports) edgeSnapshot.emplace_back(static_cast<size_t>(p.bytes));
  settle();

  clock_gettime(CLOCK_MONOTONIC, &lastBeat);
  out += "ready ";
  appendNumber(ports.size());
  out.push_back('\n');
  flushOut();

  while (char* line = readLine()) {
    if (!handle(line)) break;
  }
#ifdef SME_TRACE
  if (wave) wave->close();
#endif
  top->final();
  delete top;
  delete ctx;
  return 0;
}
