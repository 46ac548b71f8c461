# Pinned versions of the tools the project builds itself. Sourced by the install scripts.
# One place to bump a version; the cache directory is keyed by it, so a bump rebuilds.
# Crossplane core for the live control plane (`crossplane core start`, scripts/install-crossplane.sh). v2.4.2 is
# the newest release, but the module proxy refuses its github.com/crossplane/crossplane-runtime/v2 v2.4.2 ("403
# This module version is not available"), so v2.4.0 (runtime v2.4.0, served). v2.4.0's go.mod replaces
# github.com/crossplane/crossplane/apis/v2 with its ./apis directory, which a module download does not contain
# (nested module), and the published apis/v2 v2.4.0 is older than that directory (no v1.RuntimeActive: the build
# fails). apis/v2 v2.4.2, the types of the next patch release, is what it compiles against.
CROSSPLANE_CORE_VERSION=v2.4.0
CROSSPLANE_CORE_APIS_VERSION=v2.4.2
# The Crossplane CLI (`crossplane composition render`, `crossplane resource validate`, `crossplane xpkg build`;
# scripts/install-crossplane-cli.sh), in its own module (github.com/crossplane/cli/v2) since v2.3; it replaced crank
# v2.2.0. Its render runs the core above (`crossplane internal render`, the same proto as the CLI's), so previews
# are rendered by the reconciler the live control plane runs.
CROSSPLANE_CLI_VERSION=v2.5.0
# Where built tools live: outside the repository so that nothing built is committed and warm runs are fast.
SB_CACHE_DIR="${SB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/secure-baseline}"
# gopher-lua: the Lua VM Argo CD evaluates resource health checks with (scripts/install-lua.sh).
GOPHER_LUA_VERSION=v1.1.1
# function-patch-and-transform: Crossplane's own Go function, the baseline of the benchmark (bench/). v0.10.8 is
# what the benchmark was specified against, but the Go module proxy refuses it ("403 This module version is not
# available", as it does v0.10.0-v0.10.6); v0.10.9 is the nearest release it serves (same go.mod requirements).
PATCH_AND_TRANSFORM_VERSION=v0.10.9
# Kubernetes control plane (kube-apiserver, kube-controller-manager, kubectl) for tests against a real API server
# (scripts/install-kube.sh), built from the k8s.io/kubernetes module; its staging modules (k8s.io/api, ...) are
# used at the matching published v0.<minor>.<patch>. The module proxy refuses v1.35.7, v1.35.9 and v1.35.10
# ("403 This module version is not available"); v1.35.4 is served, as are its v0.35.4 staging modules.
KUBERNETES_VERSION=v1.35.4
# etcd for that API server (scripts/install-etcd.sh). Kubernetes 1.35 needs etcd >= 3.5; Debian's etcd-server
# package is 3.4.23, too old, so etcd is built from go.etcd.io/etcd/server/v3 like the other tools.
ETCD_VERSION=v3.6.16
# Upbound's AWS provider (provider-upjet-aws; Go module github.com/upbound/provider-aws/v2), run out of cluster by
# the AWS-level end-to-end tests (scripts/install-provider-aws.sh, scripts/e2e-aws.sh) against an emulated AWS.
# The module proxy serves v2.7.0, v2.5.0 and v2.4.0 (not v2.6.0), but v2.7.0 cannot be built here: the proxy
# refuses two of its dependencies ("403 This module version is not available"): its Terraform provider fork
# github.com/upbound/terraform-provider-aws v0.0.0-20260807134725-70894c6370d2 and github.com/crossplane/upjet/v2
# v2.4.1-0.20260728103920-4f6e6e10dff2. Every dependency of v2.5.0 is served: v2.5.0 is the newest buildable.
PROVIDER_AWS_VERSION=v2.5.0
# moto (Python), the AWS emulator the AWS-level end-to-end tests run on loopback (`moto_server`: one endpoint for
# every service), with boto3 (a moto dependency) for reading back what the provider created. From PyPI into a
# virtual environment in the cache directory (scripts/install-moto.sh).
MOTO_VERSION=5.2.6
