package fetch

import (
	"fmt"
	"net/netip"
)

// An AddrError is a fetch refused because a host's address is not a public
// one: loopback, private, link-local or another special-purpose range. It
// matches ErrRefused.
type AddrError struct {
	Host string     // as the URL names it
	Addr netip.Addr // the address it resolved to, or was
}

func (e *AddrError) Error() string {
	if e.Host == e.Addr.String() {
		return fmt.Sprintf("%v: %s is not a public address", ErrRefused, e.Addr)
	}
	return fmt.Sprintf("%v: %s is at %s, not a public address", ErrRefused, e.Host, e.Addr)
}

// Is makes an AddrError match ErrRefused.
func (e *AddrError) Is(target error) bool { return target == ErrRefused }

// Public reports whether a is an address kutip may fetch from: a global
// unicast address outside every special-purpose range of IANA's IPv4 and
// IPv6 registries that is not meant to be reached on the internet. An
// IPv4-mapped IPv6 address and one of the NAT64 well-known prefix are
// judged by the IPv4 address they hold.
func Public(a netip.Addr) bool {
	if !a.IsValid() || a.Zone() != "" {
		return false
	}
	a = a.Unmap()
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte(b[12:]))
	}
	if a.Is4() {
		for _, p := range special4 {
			if p.Contains(a) {
				return false
			}
		}
		return true
	}
	if !global6.Contains(a) {
		return false // loopback, unspecified, unique-local, link-local, multicast, IPv4-compatible, local NAT64, discard…
	}
	for _, p := range special6 {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// The special-purpose ranges, read only. IPv4: every range of IANA's
// registry that is not globally reachable, and the reserved rest.
var special4 = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("10.0.0.0/8"),      // private
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (CGNAT)
	netip.MustParsePrefix("127.0.0.0/8"),     // loopback
	netip.MustParsePrefix("169.254.0.0/16"),  // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),   // private
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments, DS-Lite, NAT64 discovery
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation (TEST-NET-1)
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relay anycast, deprecated
	netip.MustParsePrefix("192.168.0.0/16"),  // private
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation (TEST-NET-2)
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation (TEST-NET-3)
	netip.MustParsePrefix("224.0.0.0/4"),     // multicast
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
}

// IPv6: only global unicast (2000::/3) is let through, less the ranges
// inside it that IANA's registry sets apart; NAT64's well-known prefix
// holds an IPv4 address, judged as such.
var (
	global6  = netip.MustParsePrefix("2000::/3")
	nat64    = netip.MustParsePrefix("64:ff9b::/96")
	special6 = []netip.Prefix{
		netip.MustParsePrefix("2001::/23"),     // IETF protocol assignments: Teredo, benchmarking, ORCHID
		netip.MustParsePrefix("2001:db8::/32"), // documentation
		netip.MustParsePrefix("2002::/16"),     // 6to4: holds any IPv4 address, private ones too
		netip.MustParsePrefix("3fff::/20"),     // documentation
	}
)
