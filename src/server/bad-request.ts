// A request the dashboard refuses as malformed: the app's error handler turns it into a 400 page.
export class BadRequest extends Error {}
