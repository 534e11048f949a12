// Built offline in GOPATH mode against Debian's packages (provide-pion-callers.sh); this file
// is here so that GOPATH mode resolves github.com/pion/dtls/v2 and the other /vN imports to
// Debian's /usr/share/gocode/src/github.com/pion/dtls/v2 etc. (minimal module compatibility).
module pioncallers

go 1.19
