/**
 * Tile controller: the valid/ready handshakes and the sequencing of one activation vector through its
 * `G x T` steps (OU group g inner, digit t outer, most significant digit first).
 *
 * - Idle: `in_ready` is high; an accepted vector (`in_valid && in_ready`) is latched by the tile (`accept`).
 * - Busy: one step per cycle, `digit` counting down from T-1 to 0 and `group` from 0 to G-1 within a digit.
 * - On the last step the result goes into the output register (`capture`) if it is free or being read this
 *   cycle; otherwise the controller holds the last step until `out_ready`. The same cycle may accept the next
 *   vector, so back-to-back vectors take exactly G*T cycles each.
 * - Programming (programmable tiles): `prog_ready` is high only while no vector is in flight, and a pending
 *   `prog_valid` takes priority over `in_valid` (`in_ready` is low while `prog_valid` is high), so a program
 *   transfer never races a vector.
 */
import { defineGenerator, input, lit, output, uint } from "../hdl/index.js";
import { digitWidth, groupWidth } from "./dac.js";

export interface ControllerParams {
  readonly digits: number;
  readonly groups: number;
  readonly programmable: boolean;
}

function controllerPorts(p: ControllerParams) {
  return {
    clk: input(),
    rst: input(),
    in_valid: input(),
    in_ready: output(),
    out_valid: output(),
    out_ready: input(),
    ...(p.programmable ? { prog_valid: input(), prog_ready: output() } : {}),
    accept: output(),
    step: output(),
    first: output(),
    new_digit: output(),
    capture: output(),
    digit: output(uint(digitWidth(p.digits))),
    group: output(uint(groupWidth(p.groups))),
  };
}

export const tileController = defineGenerator("sme_controller", controllerPorts, (m, io, p) => {
  const tW = digitWidth(p.digits);
  const gW = groupWidth(p.groups);
  const busy = m.reg(uint(1), { reset: 0 });
  const digit = m.reg(uint(tW), { reset: 0 });
  const group = m.reg(uint(gW), { reset: 0 });
  const holding = m.reg(uint(1), { reset: 0 }); // the output register holds a result not yet read

  const lastDigit = digit.eq(lit(0, uint(tW)));
  const lastGroup = group.eq(lit(p.groups - 1, uint(gW)));
  const last = m.wire(busy.and(lastDigit).and(lastGroup));
  const outFree = holding.not().or(io.out_ready);
  const finishing = m.wire(last.and(outFree));
  const stepping = m.wire(busy.and(last.not().or(outFree)));
  const free = busy.not().or(finishing);

  const inReady = m.wire(io.prog_valid ? free.and(io.prog_valid.not()) : free);
  io.prog_ready?.set(busy.not());
  io.in_ready.set(inReady);
  const accept = m.wire(io.in_valid.and(inReady));

  m.when(accept, () => {
    busy.set(lit(1, uint(1)));
    digit.set(lit(p.digits - 1, uint(tW)));
    group.set(lit(0, uint(gW)));
  })
    .elsewhen(finishing, () => busy.set(lit(0, uint(1))))
    .elsewhen(stepping, () => {
      m.when(lastGroup, () => {
        group.set(lit(0, uint(gW)));
        digit.set(digit.sub(lit(1, uint(tW))));
      }).otherwise(() => group.set(group.add(lit(1, uint(gW)))));
    });

  m.when(finishing, () => holding.set(lit(1, uint(1)))).elsewhen(io.out_ready, () => holding.set(lit(0, uint(1))));

  io.out_valid.set(holding);
  io.accept.set(accept);
  io.step.set(stepping);
  io.first.set(digit.eq(lit(p.digits - 1, uint(tW))).and(group.eq(lit(0, uint(gW)))));
  io.new_digit.set(group.eq(lit(0, uint(gW))));
  io.capture.set(finishing);
  io.digit.set(digit);
  io.group.set(group);
});
