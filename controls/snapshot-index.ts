/**
 * Read-only lookups over one snapshot's resources, built once per snapshot and shared by checks.
 */
import type { Resource, ResourceType } from '../model/resources.ts';

export class SnapshotIndex {
  private readonly byType = new Map<ResourceType, Resource[]>();
  private readonly byId = new Map<string, Resource>();
  private membersByGroupName: Map<string, string[]> | null = null;
  private rolesByPolicyArn: Map<string, string[]> | null = null;

  constructor(readonly resources: readonly Resource[]) {
    for (const r of resources) {
      const list = this.byType.get(r.type);
      if (list) list.push(r);
      else this.byType.set(r.type, [r]);
      this.byId.set(`${r.type}\u0000${r.id}`, r);
    }
  }

  ofType<T extends ResourceType>(type: T): Extract<Resource, { type: T }>[] {
    return (this.byType.get(type) ?? []) as Extract<Resource, { type: T }>[];
  }

  get<T extends ResourceType>(type: T, id: string): Extract<Resource, { type: T }> | undefined {
    return this.byId.get(`${type}\u0000${id}`) as Extract<Resource, { type: T }> | undefined;
  }

  /** The single account-level resource of a type (aws.iam.account, aws.s3.account-public-access-block). */
  single<T extends ResourceType>(type: T): Extract<Resource, { type: T }> | undefined {
    return this.ofType(type)[0];
  }

  /** User names that are members of a group, from the users' group lists. */
  groupMembers(groupName: string): string[] {
    if (!this.membersByGroupName) {
      this.membersByGroupName = new Map();
      for (const u of this.ofType('aws.iam.user')) {
        for (const g of u.groups) {
          const m = this.membersByGroupName.get(g);
          if (m) m.push(u.name);
          else this.membersByGroupName.set(g, [u.name]);
        }
      }
    }
    return this.membersByGroupName.get(groupName) ?? [];
  }

  /** Names of the roles a managed policy is attached to (built once per snapshot). */
  rolesAttaching(policyArn: string): string[] {
    if (!this.rolesByPolicyArn) {
      this.rolesByPolicyArn = new Map();
      for (const r of this.ofType('aws.iam.role')) {
        for (const p of r.attachedPolicies) {
          const m = this.rolesByPolicyArn.get(p.arn);
          if (m) m.push(r.name);
          else this.rolesByPolicyArn.set(p.arn, [r.name]);
        }
      }
    }
    return this.rolesByPolicyArn.get(policyArn) ?? [];
  }
}
