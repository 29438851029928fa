# keepvip — build, test, demo, install.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)
# Linked with BIND_NOW (full RELRO), as Debian's hardening expects of a daemon.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xlinker -z -Xlinker now
APT_PACKAGES := libnl-3-dev libnl-route-3-dev libcap-dev iproute2 nftables keepalived tcpdump iputils-ping procps python3 \
	prometheus curl strace systemd lintian man-db
BIN := .build/release

.PHONY: all deps build test unit-test integration-test demo bench fuzz install uninstall deb clean

all: build

# Installs the system packages the build and the tests need (Debian 12), once.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@# The packaged keepalived and prometheus are only the tests' peers: never let them run as system services here.
	@systemctl disable --now keepalived prometheus >/dev/null 2>&1 || true

build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product keepvipd
	$(SWIFT) build $(RELEASE_FLAGS) --product keepvip

unit-test: deps
	Tests/Static/core_is_pure.sh
	$(SWIFT) test

integration-test: build
	Tests/Integration/run.sh

test: unit-test integration-test

demo: build
	Tests/Integration/demo.sh

bench: build
	Benchmarks/failover.sh
	Benchmarks/reload.sh
	Benchmarks/flood.sh
	Benchmarks/memory.sh
	Benchmarks/scale.sh

# libFuzzer targets (Fuzz/, a separate package built with -sanitize=fuzzer,address), each for
# FUZZ_SECONDS; stops at the first crash and leaves its input in Fuzz/artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FuzzAdvertisement FuzzConfiguration FuzzHTTPRequest
fuzz: deps
	@for target in $(FUZZ_TARGETS); do SWIFT=$(SWIFT) Fuzz/run.sh $$target $(FUZZ_SECONDS) || { echo "fuzz: 0 passed, 1 failed"; exit 1; }; done
	@echo "fuzz: $(words $(FUZZ_TARGETS)) passed, 0 failed"

# DESTDIR=/some/root stages the files there (the tests do) without touching systemd.
install: build
	install -D -m 0755 $(BIN)/keepvipd $(DESTDIR)$(PREFIX)/sbin/keepvipd
	install -D -m 0755 $(BIN)/keepvip $(DESTDIR)$(PREFIX)/bin/keepvip
	install -D -m 0644 systemd/keepvip.service $(DESTDIR)/etc/systemd/system/keepvip.service
	@if [ -e $(DESTDIR)/etc/keepvip/keepvip.conf ]; then \
		echo "keeping the existing /etc/keepvip/keepvip.conf"; \
	else \
		install -D -m 0644 etc/keepvip/keepvip.conf $(DESTDIR)/etc/keepvip/keepvip.conf; \
	fi
	@[ -e $(DESTDIR)/etc/default/keepvip ] || install -D -m 0644 etc/default/keepvip $(DESTDIR)/etc/default/keepvip
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/keepvip/README.md
	@[ -n "$(DESTDIR)" ] || systemctl daemon-reload 2>/dev/null || true

# keepvip_VERSION_ARCH.deb in the repository root (packaging/deb/build.sh says what it holds).
deb: build
	SWIFT=$(SWIFT) packaging/deb/build.sh $(CURDIR)

# Removes the sample configuration only if it is unchanged: an edited one is the operator's.
uninstall:
	@[ -n "$(DESTDIR)" ] || systemctl disable --now keepvip 2>/dev/null || true
	rm -f $(DESTDIR)$(PREFIX)/sbin/keepvipd $(DESTDIR)$(PREFIX)/bin/keepvip
	@if cmp -s etc/keepvip/keepvip.conf $(DESTDIR)/etc/keepvip/keepvip.conf; then \
		rm -f $(DESTDIR)/etc/keepvip/keepvip.conf; rmdir $(DESTDIR)/etc/keepvip 2>/dev/null || true; \
	elif [ -e $(DESTDIR)/etc/keepvip/keepvip.conf ]; then \
		echo "keeping /etc/keepvip/keepvip.conf: it differs from the sample"; \
	fi
	rm -f $(DESTDIR)/etc/systemd/system/keepvip.service
	@if cmp -s etc/default/keepvip $(DESTDIR)/etc/default/keepvip; then rm -f $(DESTDIR)/etc/default/keepvip; fi
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/keepvip
	@[ -n "$(DESTDIR)" ] || systemctl daemon-reload 2>/dev/null || true

clean:
	rm -rf .build Fuzz/.build-fuzz Fuzz/.build-seeds
