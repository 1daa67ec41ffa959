package qa

import (
	"testing"

	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
)

func TestQuestionWant(t *testing.T) {
	id, _ := lang.Lookup("id")
	en, _ := lang.Lookup("en")
	qs := newQuestions([]*lang.Language{id, en})
	tests := []struct {
		l    *lang.Language
		q    string
		want Want
	}{
		{id, "Siapa Sekjen PBB?", lang.WantPerson},
		{id, "Kapan bentrokan terjadi?", lang.WantTime},
		{id, "Berapa orang yang tewas?", lang.WantNumber},
		{id, "Tahun berapa perang dimulai?", lang.WantTime},
		{id, "Berapa tanggal perang dimulai?", lang.WantTime},
		{id, "Pada tahun berapakah perang dimulai?", lang.WantTime},
		{id, "Berapa hari perang berlangsung?", lang.WantNumber},
		{id, "Berapa jam perang berlangsung?", lang.WantNumber},
		{id, "Jam berapa perang dimulai?", lang.WantTime},
		{id, "Apa tahun yang disebut?", lang.WantTime},
		{id, "Di mana kota Terter?", lang.WantPlace},
		{id, "Ke mana mereka pergi?", lang.WantPlace},
		{id, "Kota mana yang ditembaki?", lang.WantAny},
		{id, "Kota mana yang dibangun kapan?", lang.WantTime}, // "mana" alone lets the next decide
		{id, "Dimanakah letak Bourgogne?", lang.WantPlace},
		{id, "Mengapa Armenia menolak?", lang.WantReason},
		{id, "Bagaimana respons Prancis?", lang.WantManner},
		{id, "Apa kata Aliyev?", lang.WantAny},
		{id, "Armenia menolak", lang.WantAny},
		{en, "How many people died?", lang.WantNumber},
		{en, "How long did it last?", lang.WantTime},
		{en, "How did it end?", lang.WantManner},
		{en, "Who said it?", lang.WantPerson},
		{en, "What year was it?", lang.WantTime},
		{en, "Where is Terter?", lang.WantPlace},
		{id, "Who is the Sekjen PBB?", lang.WantPerson}, // question words of every language apply
		{en, "Siapa said it?", lang.WantPerson},
		{id, "Berapa year?", lang.WantTime}, // and so do their time words
	}
	for _, tt := range tests {
		if got := qs.want(analysis.New(tt.l).Analyze(tt.q)); got != tt.want {
			t.Errorf("want(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	for w, want := range map[string]bool{"siapa": true, "mana": true, "how": true, "di": false, "many": false, "tahun": false} {
		if got := qs.isQuestionWord(w); got != want {
			t.Errorf("isQuestionWord(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestQuestionYesNo(t *testing.T) {
	id, _ := lang.Lookup("id")
	en, _ := lang.Lookup("en")
	qs := newQuestions([]*lang.Language{id, en})
	tests := []struct {
		l    *lang.Language
		q    string
		want bool
	}{
		{id, "harga minyak goreng naik jg gak?", true}, // "gak" is read as "tidak"
		{id, "jalan sudah bisa dilewati belum?", true},
		{id, "kenapa harga tidak turun?", false}, // a question word
		{id, "harga beras tidak naik", false},
		{en, "did anyone go to jail?", true},
		{en, "Were any foreigners among the dead?", true},
		{en, "when did the spill happen?", false},
		{en, "is", false},
	}
	for _, tt := range tests {
		if got := qs.yesNo(analysis.New(tt.l).Analyze(tt.q)); got != tt.want {
			t.Errorf("yesNo(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
