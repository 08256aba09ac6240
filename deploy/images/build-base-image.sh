#!/usr/bin/env bash
# Assembles a Java 17 runtime base image from Debian packages, without a Docker daemon or a
# container registry, as a `docker save` tarball that Jib takes as its base
# (`-Djib.from.image=tar://<path>`). CI uses it because no registry is reachable there; for real
# use the images are built on eclipse-temurin (the pom's default, see docs/operations.md#images).
#
#   deploy/images/build-base-image.sh [output.tar]     (default: target/images/persona-jre17-base.tar)
#
# What is in it: the Debian packages the JVM links against (libc6, libgcc-s1, libstdc++6, zlib1g)
# and openjdk-17-jre-headless, unpacked with `dpkg -x` (no maintainer scripts run), plus the Java
# trust store that ca-certificates-java builds (taken from this machine, which has the same
# Debian packages installed), an /etc/passwd with the non-root user `persona` (uid 10001), and
# a writable /tmp. No shell, no package manager: the services only need `java`.
# Needs apt-get (to download the .deb files) and dpkg-deb; runs as any user who may use apt's cache.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${1:-target/images/persona-jre17-base.tar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/persona-base.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g openjdk-17-jre-headless)
JAVA_HOME_IN_IMAGE=/usr/lib/jvm/java-17-openjdk-amd64
UID_IN_IMAGE=10001

log() { printf '[base-image] %s\n' "$*"; }

mkdir -p "$WORK/debs" "$WORK/rootfs" "$(dirname "$OUT")"
log "downloading ${PACKAGES[*]}"
(cd "$WORK/debs" && apt-get download -q "${PACKAGES[@]}" >/dev/null)
for deb in "$WORK"/debs/*.deb; do
  dpkg-deb -x "$deb" "$WORK/rootfs"
done
ROOT="$WORK/rootfs"

# Debian 12 packages ship /lib and /usr/lib separately; merged-usr (lib -> usr/lib) is made by
# base-files' maintainer scripts, which we do not run. The dynamic linker finds both trees, and
# /lib64/ld-linux-x86-64.so.2 comes with libc6 itself.
test -e "$ROOT/lib64/ld-linux-x86-64.so.2" || { log "libc6 did not bring the dynamic linker"; exit 1; }
test -x "$ROOT$JAVA_HOME_IN_IMAGE/bin/java" || { log "no java in openjdk-17-jre-headless"; exit 1; }

# The trust store (HTTPS to LLM providers): ca-certificates-java builds it in its postinst.
mkdir -p "$ROOT/etc/ssl/certs/java"
if [ -f /etc/ssl/certs/java/cacerts ]; then
  cp /etc/ssl/certs/java/cacerts "$ROOT/etc/ssl/certs/java/cacerts"
else
  log "warning: no /etc/ssl/certs/java/cacerts here; the image will trust no CA (install ca-certificates-java)"
fi

# The user the services run as, and the places they may write.
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/home/persona" "$ROOT/app"
cat > "$ROOT/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
persona:x:$UID_IN_IMAGE:$UID_IN_IMAGE:Persona Collab:/home/persona:/usr/sbin/nologin
EOF
cat > "$ROOT/etc/group" <<EOF
root:x:0:
persona:x:$UID_IN_IMAGE:
EOF
echo 'hosts: files dns' > "$ROOT/etc/nsswitch.conf"
chmod 1777 "$ROOT/tmp"
# Drop what a server JVM never reads, to keep the layer small.
rm -rf "$ROOT/usr/share/doc" "$ROOT/usr/share/man" "$ROOT/usr/share/lintian" "$ROOT/usr/share/locale"

# One layer, deterministic: sorted names, fixed times, numeric owners (the persona home is theirs).
tar --sort=name --mtime='2000-01-01 00:00:00Z' --numeric-owner --owner=0 --group=0 \
    -C "$ROOT" -cf "$WORK/layer.tar" --exclude=./home/persona .
tar --mtime='2000-01-01 00:00:00Z' --numeric-owner --owner=$UID_IN_IMAGE --group=$UID_IN_IMAGE \
    -C "$ROOT" -rf "$WORK/layer.tar" ./home/persona
DIFF_ID=$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)

# docker save layout: manifest.json, the config blob, the layer.
mkdir -p "$WORK/image/$DIFF_ID"
mv "$WORK/layer.tar" "$WORK/image/$DIFF_ID/layer.tar"
JAVA_VERSION=$(dpkg-deb -f "$WORK"/debs/openjdk-17-jre-headless_*.deb Version)
jq -n --arg diff "sha256:$DIFF_ID" --arg jh "$JAVA_HOME_IN_IMAGE" --arg jv "$JAVA_VERSION" '{
  architecture: "amd64", os: "linux", created: "2000-01-01T00:00:00Z",
  config: {
    Env: ["PATH=\($jh)/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=\($jh)", "LANG=C.UTF-8"],
    Labels: {"org.opencontainers.image.description": "Debian 12 openjdk-17-jre-headless \($jv), assembled by deploy/images/build-base-image.sh"}
  },
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created: "2000-01-01T00:00:00Z", created_by: "deploy/images/build-base-image.sh"}]
}' > "$WORK/image/config.json"
CONFIG_ID=$(sha256sum "$WORK/image/config.json" | cut -d' ' -f1)
mv "$WORK/image/config.json" "$WORK/image/$CONFIG_ID.json"
jq -n --arg c "$CONFIG_ID.json" --arg l "$DIFF_ID/layer.tar" \
  '[{Config: $c, RepoTags: ["persona/jre17-base:local"], Layers: [$l]}]' > "$WORK/image/manifest.json"
# Entries named without a leading ./ (Jib refuses an archive entry "./" as outside its destination).
tar --mtime='2000-01-01 00:00:00Z' --numeric-owner --owner=0 --group=0 -C "$WORK/image" -cf "$OUT" \
    manifest.json "$CONFIG_ID.json" "$DIFF_ID/layer.tar"
log "wrote $OUT ($(du -h "$OUT" | cut -f1), java $JAVA_VERSION)"
