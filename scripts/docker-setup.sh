#!/usr/bin/env bash
# Prepares a Docker engine and the local busybox test image for podkit's Docker tests.
#
# On a Debian machine, as root:
#   1. installs `docker.io` and `busybox-static` if missing (apt-get update only when installing);
#   2. starts `dockerd` in the background if no engine answers, and waits for it;
#   3. builds the local test image `podkit-busybox:1.36` from busybox-static (no registry needed)
#      and tags it `busybox:1.36` and `busybox:latest`, so manifests that say `image: busybox`
#      run with imagePullPolicy IfNotPresent/Never. (`busybox` untagged defaults to pull policy
#      Always, which fails without a registry: ErrImagePull is the expected behaviour.)
#
# Idempotent: every step is skipped when its result is already there. Prints what it did.
# Environment: PODKIT_DOCKERD_LOG (default /tmp/podkit-dockerd.log), PODKIT_DOCKER_WAIT (seconds, default 60).
set -euo pipefail

IMAGE="podkit-busybox:1.36"
ALIASES=("busybox:1.36" "busybox:latest")
DOCKERD_LOG="${PODKIT_DOCKERD_LOG:-/tmp/podkit-dockerd.log}"
WAIT_SECONDS="${PODKIT_DOCKER_WAIT:-60}"

say() { printf 'docker-setup: %s\n' "$*"; }
fail() { printf 'docker-setup: ERROR: %s\n' "$*" >&2; exit 1; }

# 1. Packages ---------------------------------------------------------------------------------
engine_answers() { timeout 10 docker info >/dev/null 2>&1; }
static_busybox() {
  local candidate
  for candidate in /bin/busybox /usr/bin/busybox; do
    # A static binary: ldd refuses it ("not a dynamic executable").
    if [ -x "$candidate" ] && ! ldd "$candidate" >/dev/null 2>&1; then printf '%s\n' "$candidate"; return 0; fi
  done
  return 1
}
missing=()
if ! command -v dockerd >/dev/null 2>&1 && ! { command -v docker >/dev/null 2>&1 && engine_answers; }; then
  missing+=(docker.io)
fi
static_busybox >/dev/null || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "need root to install ${missing[*]} (run as root or install them yourself)"
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install ${missing[*]} yourself (this script targets Debian)"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  say "installed ${missing[*]}"
else
  say "packages present (docker engine, static busybox)"
fi
command -v docker >/dev/null 2>&1 || fail "the docker client is not on PATH after installing docker.io"

# 2. Engine -----------------------------------------------------------------------------------
if engine_answers; then
  say "engine already answering"
else
  command -v dockerd >/dev/null 2>&1 || fail "no engine answers and dockerd is not installed"
  say "starting dockerd (log: $DOCKERD_LOG)"
  setsid dockerd >"$DOCKERD_LOG" 2>&1 < /dev/null &
  waited=0
  until engine_answers; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      printf 'docker-setup: ERROR: dockerd did not answer within %ss. Last lines of %s:\n' "$WAIT_SECONDS" "$DOCKERD_LOG" >&2
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "engine up after ${waited}s"
fi
say "engine: $(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}')"

# 3. Test image -------------------------------------------------------------------------------
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "image $IMAGE already present"
else
  bb="$(static_busybox)" || fail "no statically linked busybox found (install busybox-static)"
  rootfs="$(mktemp -d /tmp/podkit-busybox-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/root" "$rootfs/var/www"
  chmod 1777 "$rootfs/tmp"
  cp "$bb" "$rootfs/bin/busybox"
  count=0
  for applet in $("$rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] && continue
    ln -sf busybox "$rootfs/bin/$applet"
    count=$((count + 1))
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' > "$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$IMAGE" >/dev/null
  say "built $IMAGE from $bb ($count applets)"
fi
for alias in "${ALIASES[@]}"; do
  if [ "$(docker image inspect --format '{{.Id}}' "$alias" 2>/dev/null || true)" = "$(docker image inspect --format '{{.Id}}' "$IMAGE")" ]; then
    say "tag $alias already points at $IMAGE"
  else
    docker tag "$IMAGE" "$alias"
    say "tagged $IMAGE as $alias"
  fi
done
say "done"
