package terminal

// Columns is columns, for the tests.
var Columns = columns

// AddHistory and ReadHistory are addHistory and readHistory, for the tests.
var (
	AddHistory  = addHistory
	ReadHistory = readHistory
	HistorySize = historySize
)
