package hours

// Minutes after midnight are the engine's unit for wall-clock times.
const minutesPerDay = 24 * 60

// parseHHMM parses a strict "HH:MM". allow24 admits "24:00", which only a
// closing time may use.
func parseHHMM(s string, allow24 bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	if !ok1 || !ok2 || m > 59 {
		return 0, false
	}
	if h == 24 && m == 0 && allow24 {
		return minutesPerDay, true
	}
	if h > 23 {
		return 0, false
	}
	return h*60 + m, true
}

// formatHHMM formats minutes after midnight (0..1440) with the given
// separator, without fmt so summaries stay cheap.
func formatHHMM(min int, sep byte) string {
	var b [5]byte
	return string(appendHHMM(b[:0], min, sep))
}

func appendHHMM(b []byte, min int, sep byte) []byte {
	h, m := min/60, min%60
	return append(b, byte('0'+h/10), byte('0'+h%10), sep, byte('0'+m/10), byte('0'+m%10))
}
