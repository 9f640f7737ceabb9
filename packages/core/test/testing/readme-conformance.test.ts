// Runs the README's conformance example as written: importing it registers the suite.
import "../../examples/conformance.js";
