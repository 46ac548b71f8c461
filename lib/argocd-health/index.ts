/**
 * Argo CD health checks (Lua, run by Argo CD's gopher-lua VM) for the platform's composite resources, and the
 * argocd-cm settings that install them. test/argocd.test.ts runs the script in gopher-lua (scripts/install-lua.sh).
 */
import { stringify } from 'yaml';
import { API_GROUP } from '../platform';

/**
 * Health of a Crossplane XR of `platform.secure-baseline.io`:
 *   paused (crossplane.io/paused=true)  → Suspended
 *   Synced=False                         → Degraded, with the Synced condition's reason and message
 *                                          (checked first: a failing reconcile is reported even if Ready=True)
 *   Ready=True                           → Healthy
 *   otherwise                            → Progressing, with the Ready condition's reason and message
 */
export const XR_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for Crossplane to reconcile the composite resource" }
if obj.metadata ~= nil and obj.metadata.annotations ~= nil and obj.metadata.annotations["crossplane.io/paused"] == "true" then
  hs.status = "Suspended"
  hs.message = "Reconciliation is paused (crossplane.io/paused=true)"
  return hs
end
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local synced = nil
local ready = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Synced" then
    synced = c
  elseif c.type == "Ready" then
    ready = c
  end
end
local function describe(c)
  local m = ""
  if c.reason ~= nil then
    m = c.reason
  end
  if c.message ~= nil and c.message ~= "" then
    if m ~= "" then
      m = m .. ": "
    end
    m = m .. c.message
  end
  return m
end
if synced ~= nil and synced.status == "False" then
  hs.status = "Degraded"
  hs.message = "Synced=False: " .. describe(synced)
  return hs
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Ready: " .. describe(ready)
  return hs
end
if ready ~= nil then
  hs.message = "Ready=" .. ready.status .. ": " .. describe(ready)
end
return hs
`;

/**
 * Argo CD's documented health check for Applications (removed from Argo CD's defaults in 1.8): needed so that
 * sync waves on Applications (app of apps: dist/argocd synced by an Application) wait for each app to be healthy.
 */
export const APPLICATION_HEALTH_LUA = `local hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/**
 * The data keys this project needs in argocd-cm. They are to be MERGED into Argo CD's existing argocd-cm
 * (e.g. kubectl patch, a kustomize patch, or the Helm chart's configs.cm values), never replace it.
 */
export function argocdCmData(): Record<string, string> {
  return {
    // Annotation tracking (argocd.argoproj.io/tracking-id): the label method would copy Argo CD's
    // app.kubernetes.io/instance label onto XRs and Crossplane propagates labels to composed resources,
    // making Argo CD believe it owns them.
    'application.resourceTrackingMethod': 'annotation',
    // A wildcard over the group's kinds is only expressible in the combined `resource.customizations` key: a
    // ConfigMap key cannot contain `*` (so not `resource.customizations.health.<group>_*`). If argocd-cm already
    // has a `resource.customizations` key, merge this entry into its YAML.
    'resource.customizations': stringify({ [`${API_GROUP}/*`]: { 'health.lua': XR_HEALTH_LUA } }, { lineWidth: 0 }),
    'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
  };
}
