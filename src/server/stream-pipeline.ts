/**
 * What a relayed stream passes through on its way to the agent, when anything must change it:
 * first the text rewriter (masking of model output, then placeholders back to the values the
 * agent sent: text-rewrite.ts responseRewriter), then the tool-call gate
 * (each proposed call held and judged). In that order the gate judges the arguments the agent
 * will actually run, and its notices are never rewritten. Without either, the relay writes the
 * upstream bytes straight through and this module is not involved.
 */
import type { Exchange } from '../core/exchange.ts';
import type { ToolCallVerdict } from '../core/guard.ts';
import type { GateOutput, ProtocolAdapter, TextRewriter } from '../protocols/adapter.ts';
import { stageInput } from '../protocols/gate-runner.ts';
import type { ToolCall } from '../core/exchange.ts';

export interface StreamPipeline {
  push(chunk: Buffer): void;
  /** Upstream ended: resolves once every stage has flushed what it held. */
  end(): Promise<void>;
}

interface Stage {
  push(chunk: Buffer): void;
  end(): Promise<void> | void;
}

export function streamPipeline(
  adapter: ProtocolAdapter, request: Exchange, out: GateOutput,
  options: { rewriter?: TextRewriter | undefined; judge?: ((call: ToolCall) => ToolCallVerdict | Promise<ToolCallVerdict>) | undefined },
): StreamPipeline | undefined {
  const stages: Stage[] = [];
  let sink = out;
  if (options.judge !== undefined) {
    const gate = adapter.createToolCallGate(request, options.judge, sink);
    stages.unshift(gate);
    sink = stageInput(gate);
  }
  if (options.rewriter !== undefined) stages.unshift(adapter.createTextRewriteStream(request, options.rewriter, sink));
  const first = stages[0];
  if (first === undefined) return undefined;
  return {
    push: (chunk) => first.push(chunk),
    async end() {
      // In order: each stage's last output reaches the next before that one ends.
      for (const stage of stages) await stage.end();
    },
  };
}
