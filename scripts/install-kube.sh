#!/bin/sh
# Builds a real Kubernetes control plane for the kube test tier and prints the directory that
# holds the binaries: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, and
# kwok-stages.yaml. Built once from the Go module proxy into a cache (~13 min cold on 2 cores,
# ~1 s warm). docs/operations.md ("A real control plane in the tests") explains the recipe:
# `go install k8s.io/kubernetes/cmd/...@v` is refused (the module has replace directives), so a
# local wrapper module requires k8s.io/kubernetes and replaces each staging module with its
# published v0.x version; the mains are three lines each.
set -eu
K8S="${SPECOPS_KUBE_VERSION:-1.34.4}"
KWOK="${SPECOPS_KWOK_VERSION:-v0.8.0}"
CACHE="${SPECOPS_CACHE:-$HOME/.cache/specops}/kube-$K8S"
OUT="$CACHE/bin"
SRC="$CACHE/src"
export PATH="/usr/local/go/bin:$PATH"
export GOFLAGS=-buildvcs=false

have_all() {
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok kwok-stages.yaml; do
    [ -s "$OUT/$b" ] || return 1
  done
}
if have_all; then
  echo "$OUT"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-kube: no Go to build the control plane with (install Go 1.24+ from your distribution or go.dev)" >&2
  exit 1
fi
mkdir -p "$OUT" "$SRC"
cd "$SRC"
log() { echo "install-kube: $*" >&2; }
start=$(date +%s)

if [ ! -s "$OUT/kube-apiserver" ] || [ ! -s "$OUT/kube-controller-manager" ]; then
  log "downloading k8s.io/kubernetes@v$K8S (once)"
  go mod download -json "k8s.io/kubernetes@v$K8S" >/dev/null
  MOD="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/v$K8S.mod"
  minor=$(echo "$K8S" | cut -d. -f2)
  {
    printf 'module local/kube\n\ngo 1.24.0\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$K8S"
    grep -E '^\s+k8s.io/\S+ v0\.0\.0$' "$MOD" | awk -v v="0.${K8S#1.}" '{print "\t"$1" => "$1" v"v}'
    echo ")"
  } > go.mod
  mkmain() {
    mkdir -p "cmd/$1"
    printf 'package main\n\nimport (\n\t"os"\n\n\t"k8s.io/component-base/cli"\n\t"k8s.io/kubernetes/cmd/%s/app"\n)\n\nfunc main() { os.Exit(cli.Run(app.%s())) }\n' "$1" "$2" > "cmd/$1/main.go"
  }
  mkmain kube-apiserver NewAPIServerCommand
  mkmain kube-controller-manager NewControllerManagerCommand
  mkmain kube-scheduler NewSchedulerCommand
  mkdir -p cmd/etcd
  printf 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' > cmd/etcd/main.go
  log "go mod tidy"
  go mod tidy
  LD="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  log "building etcd, kube-apiserver, kube-controller-manager, kube-scheduler v$K8S (once; ~10 min on 2 cores)"
  go build -ldflags="$LD" -o "$OUT/" ./cmd/etcd ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kube-scheduler
fi
if [ ! -s "$OUT/kwok" ]; then
  log "building sigs.k8s.io/kwok/cmd/kwok@$KWOK (once; ~3 min)"
  GOBIN="$OUT" go install -ldflags="-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK"
fi
# kwok needs stages; they ship inside its module, so nothing is downloaded.
STAGES="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK/kustomize/stage"
if [ ! -d "$STAGES" ]; then
  go mod download "sigs.k8s.io/kwok@$KWOK"
fi
for f in "$STAGES/node/fast/node-initialize.yaml" "$STAGES/node/heartbeat/node-heartbeat.yaml" "$STAGES"/pod/fast/*.yaml; do
  echo '---'
  cat "$f"
done > "$OUT/kwok-stages.yaml.tmp"
mv "$OUT/kwok-stages.yaml.tmp" "$OUT/kwok-stages.yaml"
log "built in $(( $(date +%s) - start )) s"
echo "$OUT"
