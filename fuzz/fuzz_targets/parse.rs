//! Fuzzes `accsyn_query::parse`: no input may panic, and whatever parses
//! must print to a canonical form that parses back to an equal query.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match accsyn_query::parse(text) {
        Ok(query) => {
            let printed = query.to_string();
            let reparsed = accsyn_query::parse(&printed)
                .unwrap_or_else(|e| panic!("canonical form {printed:?} does not parse: {e}"));
            assert_eq!(reparsed, query, "{text:?} printed as {printed:?}");
            assert_eq!(reparsed.to_string(), printed);
            // Compiling may fail on a bad regex, but must not panic.
            let _ = accsyn_query::Filter::new(&query);
        }
        Err(err) => {
            assert!(err.offset() <= text.len());
            let _ = err.to_string();
        }
    }
    if let Ok(expr) = accsyn_query::parse_expression(text) {
        let printed = expr.to_string();
        assert_eq!(accsyn_query::parse_expression(&printed).ok(), Some(expr));
    }
});
