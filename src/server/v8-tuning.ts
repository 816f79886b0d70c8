/**
 * V8 settings for a process that serves the gateway, applied before it serves.
 *
 * Allocation-site pretenuring: when objects from one allocation site survive young-generation
 * collections, V8 starts allocating that site's objects straight in the old generation. Under
 * concurrent load a gateway always has requests in flight at a scavenge (their parsed bodies,
 * records, decoded exchanges), so such sites look long-lived when they are not; once V8 flips
 * them, the old generation fills with request garbage, scavenges slow from ~1 ms to ~13 ms and
 * full collections run every second. On the bench (json, 50 connections) that happened in about
 * one process start in four, at 69-84 µs of CPU per request against 47-56 µs otherwise; with
 * pretenuring off, none of 28 starts did (docs/benchmarks.md, "Garbage collection").
 */
import { setFlagsFromString } from 'node:v8';

export function tuneV8ForServing(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
