//! The fast path for a JSON case: one pass over the text straight into a
//! [`Case`], with no intermediate JSON values and no allocation per field.
//!
//! It knows nothing about errors. On anything unusual (bad JSON, an unknown
//! name, an impossible date, a duplicated or misplaced key) it gives up, and the
//! reader parses the case again on the careful path, which says exactly what
//! is wrong and where. Both paths build the same case from the same text.

use super::scalar::Scalar;
use super::validate::{EventBuilder, Origin};
use crate::case::{Case, Names};
use crate::ir::Policy;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Parses one case object, or `None` if the careful path must look at it.
pub(super) fn parse_case(text: &str, policy: &Policy, names: &Names) -> Option<Case> {
    let b = EventBuilder { policy, names };
    let mut de = serde_json::Deserializer::from_str(text);
    let mut case = CaseSeed { b: &b }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    case.sort(names.tz);
    Some(case)
}

/// Where fast-path failures "come from": never shown, since the careful path
/// reports the real location.
const NOWHERE: Origin<'static> = Origin {
    file: "",
    line: 0,
    column: None,
    case: None,
};

/// Gives up on the fast path.
fn give_up<E: serde::de::Error>() -> E {
    E::custom("")
}

struct CaseSeed<'b, 'p, 'n> {
    b: &'b EventBuilder<'p, 'n>,
}

impl<'de> DeserializeSeed<'de> for CaseSeed<'_, '_, '_> {
    type Value = Case;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Case, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CaseSeed<'_, '_, '_> {
    type Value = Case;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a case object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Case, A::Error> {
        let mut case = Case::new(String::new(), self.b.policy);
        let (mut id, mut child, mut events) = (None, false, false);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "case" if id.is_none() => {
                    let value: Scalar = map.next_value()?;
                    id = Some(value.text().ok_or_else(give_up)?.into_owned());
                }
                "child" if !child => {
                    child = true;
                    map.next_value_seed(ChildSeed {
                        b: self.b,
                        case: &mut case,
                    })?;
                }
                "events" if !events => {
                    events = true;
                    map.next_value_seed(EventsSeed {
                        b: self.b,
                        case: &mut case,
                    })?;
                }
                _ => return Err(give_up()),
            }
        }
        case.id = id.ok_or_else(give_up)?;
        Ok(case)
    }
}

struct ChildSeed<'c, 'b, 'p, 'n> {
    b: &'b EventBuilder<'p, 'n>,
    case: &'c mut Case,
}

impl<'de> DeserializeSeed<'de> for ChildSeed<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ChildSeed<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("child facts")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = Vec::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let index = self.b.child_fact(&key, &NOWHERE).map_err(|_| give_up())?;
            if seen.contains(&index) {
                return Err(give_up());
            }
            seen.push(index);
            let value: Scalar = map.next_value()?;
            if let Scalar::Compound = value {
                return Err(give_up());
            }
            if let Some(text) = value.text() {
                let v = self
                    .b
                    .child_value(index, &text, &NOWHERE)
                    .map_err(|_| give_up())?;
                self.case.child[index as usize] = Some(v);
            }
        }
        Ok(())
    }
}

struct EventsSeed<'c, 'b, 'p, 'n> {
    b: &'b EventBuilder<'p, 'n>,
    case: &'c mut Case,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(EventSeed {
                b: self.b,
                case: &mut *self.case,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct EventSeed<'c, 'b, 'p, 'n> {
    b: &'b EventBuilder<'p, 'n>,
    case: &'c mut Case,
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventSeed<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.b;
        let mut event = None;
        let (mut at, mut status, mut id) = (None, None, None);
        // Attribute values, resolved once the event is known (it usually comes first).
        let mut attrs: Vec<(u32, Scalar<'de>)> = Vec::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let value: Scalar<'de> = map.next_value()?;
            let slot = match key.as_ref() {
                "event" => {
                    let name = value.as_str().ok_or_else(give_up)?;
                    let e = b.event(name, &NOWHERE).map_err(|_| give_up())?;
                    if event.replace(e).is_some() {
                        return Err(give_up()); // a second `event` key
                    }
                    continue;
                }
                "at" => &mut at,
                "status" => &mut status,
                "id" => &mut id,
                name => {
                    let e = event.ok_or_else(give_up)?;
                    let attr = b.attr(e, name, &NOWHERE).map_err(|_| give_up())?;
                    if attrs.iter().any(|(a, _)| *a == attr) {
                        return Err(give_up());
                    }
                    attrs.push((attr, value));
                    continue;
                }
            };
            if slot.is_some() {
                return Err(give_up());
            }
            *slot = Some(value);
        }
        let event = event.ok_or_else(give_up)?;
        let at_text = at.as_ref().and_then(Scalar::as_str).ok_or_else(give_up)?;
        let moment = b.moment(at_text, &NOWHERE).map_err(|_| give_up())?;
        let status = match &status {
            None => None,
            Some(s) => Some(s.as_str().ok_or_else(give_up)?),
        };
        let scheduled = b.scheduled(status, &NOWHERE).map_err(|_| give_up())?;
        let mut occ = b.occurrence(event, moment, at_text, scheduled);
        if let Some(id) = &id {
            if let Scalar::Compound = id {
                return Err(give_up());
            }
            occ.id = id.text().map(Cow::into_owned);
        }
        for (attr, value) in &attrs {
            if let Scalar::Compound = value {
                return Err(give_up());
            }
            if let Some(text) = value.text() {
                let v = b
                    .value(event, *attr, &text, &NOWHERE)
                    .map_err(|_| give_up())?;
                occ.attrs[*attr as usize] = Some(v);
            }
        }
        b.push(self.case, event, occ);
        Ok(())
    }
}
