package extract

import "testing"

func TestCutDateline(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"JAKARTA - Harga beras naik.", "Harga beras naik."},
		{"BANDUNG, KOMPAS.com - Banjir merendam 12 desa.", "Banjir merendam 12 desa."},
		{"BANDUNG BARAT, KABARNUSANTARA.EXAMPLE – Banjir.", "Banjir."},
		{"LONDON, Nov 2 (Reuters) - Tens of thousands lost power.", "Tens of thousands lost power."},
		{"Jakarta (ANTARA) - Pemerintah menaikkan harga.", "Pemerintah menaikkan harga."},
		{"Jakarta, CNN Indonesia -- Presiden berpidato.", "Presiden berpidato."},
		{"Liputan6.com, Jakarta - Harga emas turun.", "Harga emas turun."},
		{"TEMPO.CO, Jakarta - Harga emas turun.", "Harga emas turun."},
		{`SEMARANG - "Barangnya sedikit," kata Sumiyati.`, `"Barangnya sedikit," kata Sumiyati.`},
		// Not datelines.
		{"Presiden Joko Widodo - yang baru tiba - berpidato.", "Presiden Joko Widodo - yang baru tiba - berpidato."},
		{"Harga beras naik - lagi.", "Harga beras naik - lagi."},
		{"BMKG - badan cuaca - memperingatkan warga.", "BMKG - badan cuaca - memperingatkan warga."},
		{"Tens of thousands of homes lost power.", "Tens of thousands of homes lost power."},
	} {
		if got := cutDateline(tt.in); got != tt.want {
			t.Errorf("cutDateline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsByline(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"By Jane Doe and Tom Reed", true},
		{"Oleh: Rina Kartika", true},
		{"Penulis: Rina Kartika | Editor: Bambang Setiawan", true},
		{"Reporter : Andi Pratama", true},
		{"By Tuesday, the storm had passed.", false},
		{"Oleh karena itu, warga diminta mengungsi.", false},
		{"Bylines are short.", false},
	} {
		if got := isByline(tt.in); got != tt.want {
			t.Errorf("isByline(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestLanguage(t *testing.T) {
	id := []string{"Banjir merendam dua belas desa di tiga kecamatan di Kabupaten Bandung setelah hujan deras yang mengguyur kawasan itu sejak Senin malam, dan ribuan warga yang rumahnya terendam kini mengungsi ke balai desa, masjid, dan sekolah yang ada di sekitar lokasi itu karena air belum juga surut hingga hari ini dan mereka tidak bisa kembali."}
	for _, tt := range []struct {
		declared string
		paras    []string
		want     string
	}{
		{"", id, "id"},
		{"id", id, "id"},
		{"en", id, "id"},                  // a template's lang="en" on an Indonesian page
		{"en", []string{"Banjir."}, "en"}, // too short to tell otherwise
		{"fr", id, "fr"},                  // a language kutip does not know: as declared
	} {
		if got := language(tt.declared, tt.paras); got != tt.want {
			t.Errorf("language(%q, …) = %q, want %q", tt.declared, got, tt.want)
		}
	}
}
