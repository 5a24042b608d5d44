package cos

import "iter"

// paginate turns a page fetcher into the iterator every list call returns.
// start runs once per range loop (so a sequence can be ranged again) and
// returns a function that fetches the next page and moves its markers on,
// reporting the page's items, whether another page follows, and an error.
// Items that came with an error are yielded before it; the error is
// yielded once, then iteration stops. Nothing runs in the background.
func paginate[T any](start func() func() ([]T, bool, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		next := start()
		for {
			items, more, err := next()
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if !more {
				return
			}
		}
	}
}
