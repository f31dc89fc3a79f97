import { Kafka, logLevel } from 'kafkajs';

/**
 * Members of consumer groups and the partitions each holds, from the group coordinator: how a
 * test knows that N worker processes share the work before it starts producing.
 */
export async function groupMembers(brokers: string[], groupIds: string[]): Promise<Record<string, { state: string; members: number }>> {
  const admin = new Kafka({ brokers, clientId: 'ops-test-admin', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(groupIds);
    return Object.fromEntries(groups.map((g) => [g.groupId, { state: g.state, members: g.members.length }]));
  } finally {
    await admin.disconnect();
  }
}

/** True when every group is Stable with exactly `members` members. */
export async function groupsStable(brokers: string[], groupIds: string[], members: number): Promise<boolean> {
  const g = await groupMembers(brokers, groupIds);
  return groupIds.every((id) => g[id]?.state === 'Stable' && g[id]?.members === members);
}
