package stem_test

import (
	"fmt"

	"github.com/kutip/kutip/qa/stem"
)

func ExampleIndonesian() {
	for _, word := range []string{"pembelajaran", "bukunya", "kesehatan", "menembaki", "televisi", "2024"} {
		fmt.Println(word, "->", stem.Indonesian(word))
	}
	// Output:
	// pembelajaran -> ajar
	// bukunya -> buku
	// kesehatan -> sehat
	// menembaki -> embak
	// televisi -> televisi
	// 2024 -> 2024
}

func ExampleFor() {
	fmt.Println(stem.Languages())
	en, ok := stem.For("en")
	fmt.Println(ok, en.Stem("accumulations"), en.Stem("ourselves"))
	_, ok = stem.For("xx")
	fmt.Println(ok)
	// Output:
	// [en es fr hu id no ru sv]
	// true accumul ourselv
	// false
}

func ExampleNewCache() {
	s, _ := stem.For("id")
	c := stem.NewCache(s)
	fmt.Println(c.Stem("mempelajari"), c.Stem("mempelajari"), c.Len())
	// Output:
	// ajar ajar 1
}

func ExampleProtect() {
	s := stem.Protect(stem.IndonesianStemmer{}, []string{"sekolah", "masalah"})
	for _, word := range []string{"sekolah", "bersekolah", "masalah", "bukunya", "katakanlah"} {
		fmt.Println(word, "->", stem.Indonesian(word), s.Stem(word))
	}
	// Output:
	// sekolah -> seko sekolah
	// bersekolah -> seko sekolah
	// masalah -> masa masalah
	// bukunya -> buku buku
	// katakanlah -> kata kata
}
