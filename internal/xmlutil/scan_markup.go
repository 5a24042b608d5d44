package xmlutil

import "bytes"

// The Scanner's markup other than tags and text: processing instructions
// (the XML declaration checked as encoding/xml checks it), comments,
// CDATA sections and directives such as <!DOCTYPE>, each read by
// encoding/xml's rules.

// procInst reads "<?target ...?>" after its "<?". The XML declaration's
// version must be 1.0 and its encoding UTF-8: there is no charset reader.
func (s *Scanner) procInst() kind {
	var ok bool
	if s.scratch, ok = s.readValidName(s.scratch[:0], "target name after <?"); !ok {
		return kindNone
	}
	isXML := string(s.scratch) == "xml"
	s.space()
	s.scratch = s.scratch[:0]
	var b0 byte
	for {
		b, ok := s.mustgetc()
		if !ok {
			return kindNone
		}
		if isXML {
			s.scratch = append(s.scratch, b)
		}
		if b0 == '?' && b == '>' {
			break
		}
		b0 = b
	}
	if !isXML {
		return kindNone
	}
	content := s.scratch[:len(s.scratch)-2]
	if v := piParam("version=", content); len(v) > 0 && string(v) != "1.0" {
		s.syntax("unsupported XML version %q; only 1.0 is", v)
		return kindNone
	}
	if enc := piParam("encoding=", content); len(enc) > 0 && !bytes.EqualFold(enc, []byte("utf-8")) {
		s.syntax("encoding %q declared; only UTF-8 is read", enc)
		return kindNone
	}
	return kindNone
}

// piParam finds the quoted value of param ("version=") in the body of an
// XML declaration the way encoding/xml does: the first occurrence followed
// by a quote, up to the next same quote; nil when there is none.
func piParam(param string, s []byte) []byte {
	i := 0
	var quote byte
	for i < len(s) {
		rest := s[i:]
		k := bytes.Index(rest, []byte(param))
		if k < 0 || k+len(param) >= len(rest) {
			return nil
		}
		i += k + len(param) + 1
		if c := rest[k+len(param)]; c == '\'' || c == '"' {
			quote = c
			break
		}
	}
	if quote == 0 {
		return nil
	}
	j := bytes.IndexByte(s[i:], quote)
	if j < 0 {
		return nil
	}
	return s[i : i+j]
}

// markup reads what follows "<!": a comment, a CDATA section (returned as
// text) or a directive such as <!DOCTYPE ...>.
func (s *Scanner) markup() kind {
	b, ok := s.mustgetc()
	if !ok {
		return kindNone
	}
	switch b {
	case '-':
		if b, ok = s.mustgetc(); !ok {
			return kindNone
		}
		if b != '-' {
			s.syntax("invalid sequence <!- not part of <!--")
			return kindNone
		}
		s.comment()
		return kindNone
	case '[':
		for i := range 6 {
			if b, ok = s.mustgetc(); !ok {
				return kindNone
			}
			if b != "CDATA["[i] {
				s.syntax("invalid <![ sequence")
				return kindNone
			}
		}
		if !s.readText(-1, true) {
			return kindNone
		}
		return kindText
	}
	s.directive()
	return kindNone
}

// comment reads a comment after its "<!--": "--" may only end it.
func (s *Scanner) comment() {
	var b0, b1 byte
	for {
		b, ok := s.mustgetc()
		if !ok {
			return
		}
		if b0 == '-' && b1 == '-' {
			if b != '>' {
				s.syntax(`invalid sequence "--" not allowed in comments`)
			}
			return
		}
		b0, b1 = b1, b
	}
}

// directive reads a directive after its "<!" and first byte, up to the
// ">" that balances its "<"s outside quotes; comments inside it are
// skipped to their "-->".
func (s *Scanner) directive() {
	var quote byte
	depth := 0
	for {
		b, ok := s.mustgetc()
		if !ok {
			return
		}
		if quote == 0 && b == '>' && depth == 0 {
			return
		}
	handle:
		switch {
		case b == quote:
			quote = 0
		case quote != 0:
		case b == '\'' || b == '"':
			quote = b
		case b == '>':
			depth--
		case b == '<':
			for i := range 3 {
				if b, ok = s.mustgetc(); !ok {
					return
				}
				if b != "!--"[i] {
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				if b, ok = s.mustgetc(); !ok {
					return
				}
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
		}
	}
}
