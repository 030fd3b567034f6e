/**
 * The community simulator: a seeded, reproducible model of chat-group communities (arrivals by
 * source, heavy-tailed activity, daily rhythm, decay, spam, responses to operators) that drives
 * the sandbox platform through its client API, for tests, benchmarks and the live demo.
 * Parameters and their sources: src/simulator/README.md.
 */
export { runSimulation, SandboxClient, type RunOptions, type Progress, type SimulationSummary } from './run.ts';
export { startLiveSimulation, type LiveOptions, type LiveSimulation } from './live.ts';
export { Community, type CommunityOptions, type SimAction } from './community.ts';
export { defaultParams, resolveParams, type SimulationParams, type JoinSource } from './params.ts';
