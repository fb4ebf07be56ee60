//! Stable diagnostic codes: `E0xx` errors stop compilation, `W0xx` warnings are findings.
//!
//! Each code's documentation lives here (errors) or in its lint's file (warnings);
//! `docs/diagnostics.md` is generated from this module and a test keeps it current.

use crate::diagnostic::Severity;

macro_rules! codes {
    ($( $code:ident $sev:ident $name:literal $summary:literal ;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( #[doc = $summary] $code, )* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            /// The code as printed: `E003`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code),)* }
            }

            /// A kebab-case name: `unknown-event`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$code => $name,)* }
            }

            /// One sentence on what the code reports.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$code => $summary,)* }
            }

            /// Error, warning or info.
            pub fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$sev,)* }
            }
        }
    };
}

codes! {
    E001 Error "syntax-error" "The text does not follow the grammar of a policy file.";
    E002 Error "nesting-too-deep" "Parentheses are nested more deeply than any standard needs.";
    E003 Error "unknown-event" "A rule or period names an event that is not declared.";
    E004 Error "unknown-period" "A rule names a period that is not declared.";
    E005 Error "unknown-attribute" "A condition names an attribute that neither the anchor event nor the child declares.";
    E006 Error "ambiguous-name" "An unqualified name in a condition could mean more than one attribute.";
    E007 Error "type-mismatch" "A condition compares values of different types.";
    E008 Error "unknown-enum-value" "A condition compares an enumeration with a value it does not have.";
    E009 Error "duplicate-declaration" "The same event, period or attribute is declared twice.";
    E010 Error "duplicate-standard" "Two standards have the same reference.";
    E011 Error "dependency-cycle" "Rules depend on each other in a circle, so no deadline can be computed.";
    E012 Error "invalid-duration" "A duration is zero, too long, or a fraction that has no exact meaning in its unit.";
    E013 Error "missing-child-fact" "A birthday, age or pregnancy rule needs a child fact that is not declared.";
    E014 Error "invalid-header" "The policy header names an unknown calendar or timezone, or an impossible closure.";
    E015 Error "unreadable-file" "A file named by `use` or `calendar` cannot be read.";
    E016 Error "missing-header" "The file has no `policy` header, or more than one.";
    E017 Error "invalid-selector" "An occurrence selector such as `#0` does not name an occurrence.";
    E018 Error "invalid-date" "A date does not exist, such as 2026-02-30.";
    E019 Error "suppression-without-reason" "A `# duly: allow` comment does not say why.";
    E020 Error "invalid-rule" "A rule combines parts that do not fit together.";
    E021 Error "invalid-time-or-day" "A time of day or a day of the week is not written in a form duly reads, such as `16.00` or `on Thursdays`.";
    E022 Error "invalid-term" "A school `term` ends before it starts, overlaps another term, or repeats another term's name.";
    W001 Warning "conflicting-deadlines" "Rules give the same task different timescales from the same anchor under conditions that can hold together.";
    W002 Info "duplicate-rule" "A rule states a timescale that another rule already sets for every case it applies to.";
    W003 Warning "mixed-units" "One obligation is stated in different units of about the same length, which differ on some dates.";
    W004 Warning "infeasible-timescales" "Rules whose timescales no sequence of dates can meet together.";
    W005 Warning "never-applicable" "A rule whose `where` can never hold, or whose `unless` always holds.";
    W006 Info "month-clamping" "A month or year addition from a date that can fall on the 29th to 31st, which the runtime clamps.";
    W007 Warning "unused-declaration" "A period, event attribute or child fact declared in the policy is never used.";
    W008 Warning "unreachable-event" "An event declared in the policy is neither the task nor the anchor of any rule.";
    W009 Warning "confusable-text" "The text holds invisible, bidirectional-control or look-alike characters.";
}
