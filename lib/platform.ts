/** Identity of the platform APIs: every API shares one group, version and kubectl category, set here only. */
export const API_GROUP = 'platform.secure-baseline.io';
export const API_VERSION = 'v1alpha1';
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;
/** `kubectl get securebaseline` lists every platform resource in a namespace. */
export const API_CATEGORY = 'securebaseline';
/** Name of the Crossplane Function package object that serves every platform API. */
export const FUNCTION_NAME = 'secure-baseline';
/** Value of the ManagedBy tag on every AWS resource: who to ask before touching it by hand. */
export const MANAGED_BY = 'crossplane/secure-baseline';
/** Label prefix for labels this project sets on composed resources. */
export const LABEL_PREFIX = API_GROUP;

/**
 * Labels by which platform APIs find each other's managed resources (selectors in the same namespace):
 * every resource a Network composes carries NETWORK_LABEL=<Network name>; its subnets also SUBNET_TIER_LABEL.
 */
export const NETWORK_LABEL = `${LABEL_PREFIX}/network`;
export const SUBNET_TIER_LABEL = `${LABEL_PREFIX}/subnet-tier`;
export const SUBNET_TIERS = ['public', 'private', 'database'] as const;
