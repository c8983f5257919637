import type { TestProject } from 'vitest/node';
import { type Cluster, startCluster } from '../../hub/dev/throwaway-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let cluster: Cluster | undefined;

// Durability is not under test: fsync off keeps the suites fast.
export async function setup(project: TestProject): Promise<void> {
  cluster = await startCluster(['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']);
  project.provide('postgresUrl', cluster.url);
}

export function teardown(): void {
  cluster?.stop();
}
