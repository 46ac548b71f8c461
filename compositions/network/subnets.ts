/**
 * The subnet layout of a Network, derived from the VPC CIDR alone so that it is deterministic and every caller
 * (function, preview, tests) computes the same blocks:
 *
 * - private application subnets: the first half of the VPC;
 * - public subnets: the third quarter (reserved even when there are none, so adding them later moves nothing);
 * - isolated database subnets: the last quarter.
 *
 * Each tier's block is cut into 4 equal slots (8 when more than 4 availability zones), one per zone in order,
 * so zones can be added up to the slot count without re-addressing any subnet.
 */
import { InputError } from '../../lib/composer';
import type { SUBNET_TIERS } from '../../lib/platform';

export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** AWS allows subnets from /16 to /28. */
const MIN_SUBNET_PREFIX = 16;
const MAX_SUBNET_PREFIX = 28;

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string, field = 'spec.cidr'): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || prefix > 32) throw new InputError(field, `"${cidr}" is not an IPv4 CIDR block such as 10.20.0.0/16`);
  const base = octets.reduce((a, o) => a * 256 + o, 0);
  if (base % 2 ** (32 - prefix) !== 0) throw new InputError(field, `"${cidr}" has host bits set: use the network address ${formatCidr({ base: base - (base % 2 ** (32 - prefix)), prefix })}`);
  return { base, prefix };
}

export function formatCidr({ base, prefix }: Cidr): string {
  return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.')}/${prefix}`;
}

/** The `index`-th block of size /`prefix` inside `outer`. */
function block(outer: Cidr, prefix: number, index: number): Cidr {
  return { base: outer.base + index * 2 ** (32 - prefix), prefix };
}

/** Slots per tier: 4 up to four zones, 8 beyond (at most 6 zones). */
export function slotsFor(availabilityZones: number): number {
  return availabilityZones <= 4 ? 4 : 8;
}

/** Where each tier lives in the VPC: its block's index and size, as a fraction 1/2^k of the VPC. */
const TIER_BLOCKS: Readonly<Record<SubnetTier, { readonly k: number; readonly index: number }>> = {
  private: { k: 1, index: 0 },
  public: { k: 2, index: 2 },
  database: { k: 2, index: 3 },
};

/**
 * CIDR blocks of each tier's subnets, one per availability zone in order. Throws InputError on spec.cidr when
 * the VPC is too small for subnets of at least /28.
 */
export function subnetCidrs(vpcCidr: string, availabilityZones: number): Record<SubnetTier, string[]> {
  const vpc = parseCidr(vpcCidr);
  const slotBits = Math.log2(slotsFor(availabilityZones));
  const out = {} as Record<SubnetTier, string[]>;
  for (const tier of Object.keys(TIER_BLOCKS) as SubnetTier[]) {
    const { k, index } = TIER_BLOCKS[tier];
    const tierBlock = block(vpc, vpc.prefix + k, index);
    const prefix = tierBlock.prefix + slotBits;
    if (prefix > MAX_SUBNET_PREFIX || prefix < MIN_SUBNET_PREFIX) {
      throw new InputError('spec.cidr', `${vpcCidr} is too small for ${availabilityZones} availability zones: its ${tier} subnets would be /${prefix}, and AWS subnets are /${MIN_SUBNET_PREFIX} to /${MAX_SUBNET_PREFIX}; use a larger block (at most /${MAX_SUBNET_PREFIX - 2 - slotBits})`);
    }
    out[tier] = Array.from({ length: availabilityZones }, (_, i) => formatCidr(block(tierBlock, prefix, i)));
  }
  return out;
}
