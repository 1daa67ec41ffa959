package terminal

// Columns is columns, for the tests.
var Columns = columns

// AddHistory and ReadHistory are addHistory and readHistory, for the tests.
var (
	AddHistory  = addHistory
	ReadHistory = readHistory
	HistorySize = historySize
)

// ReadPlainLine is readPlainLine, for the tests; ErrTooLong is what it
// returns for a line over 8 bytes.
var (
	ReadPlainLine = readPlainLine
	ErrTooLong    = lineTooLong{8}
)
