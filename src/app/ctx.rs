//! What a pane or overlay is handed while it handles a key or a message: the request ids,
//! the message line, the screen size, the session's access, and two outboxes, the `Cmd`s for
//! the worker and the `Effect`s for the router. Panes share nothing else.
use super::access::Access;
use super::cmd::Cmd;
use super::effect::Effect;
use super::layout;
use super::message::{Level, Message};
use super::req::{ReqId, ReqIds};

pub struct Ctx<'a> {
    ids: &'a mut ReqIds,
    message: &'a mut Option<Message>,
    pub width: u16,
    pub height: u16,
    /// Milliseconds since start, from the last tick.
    pub now_ms: u64,
    /// What the session may fetch (for advice about exclusive-access data).
    pub access: Access,
    cmds: Vec<Cmd>,
    effects: Vec<Effect>,
    close: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(
        ids: &'a mut ReqIds,
        message: &'a mut Option<Message>,
        (width, height): (u16, u16),
        now_ms: u64,
        access: Access,
    ) -> Ctx<'a> {
        Ctx {
            ids,
            message,
            width,
            height,
            now_ms,
            access,
            cmds: Vec::new(),
            effects: Vec::new(),
            close: false,
        }
    }

    pub fn fresh(&mut self) -> ReqId {
        self.ids.fresh()
    }

    /// Asks the worker to do something.
    pub fn run(&mut self, cmd: Cmd) {
        self.cmds.push(cmd);
    }

    /// Asks the router to do something beyond the caller.
    pub fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// An overlay is done: the router takes it off the stack.
    pub fn close(&mut self) {
        self.close = true;
    }

    pub fn info(&mut self, text: impl Into<String>) {
        *self.message = Some(Message {
            level: Level::Info,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        *self.message = Some(Message {
            level: Level::Error,
            text: text.into(),
        });
    }

    pub fn clear_message(&mut self) {
        *self.message = None;
    }

    /// Rows of a grid body at the current size.
    pub fn grid_rows(&self) -> usize {
        layout::grid_rows(self.height)
    }

    /// What was asked: the commands, the effects, and whether the overlay closes.
    pub fn finish(self) -> (Vec<Cmd>, Vec<Effect>, bool) {
        (self.cmds, self.effects, self.close)
    }
}
