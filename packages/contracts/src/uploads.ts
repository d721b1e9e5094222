import { Type, type Static } from 'typebox';

/** `POST /api/uploads?name=…`: the file's name, for the alt text. The body is the image's bytes. */
export const UploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type UploadQuery = Static<typeof UploadQuery>;

/** A stored image, and the Markdown that shows it in a post. */
export const UploadResult = Type.Object({
  id: Type.String(),
  /** Where it is served: `/api/uploads/<id>.<png|jpg|gif|webp>`. */
  url: Type.String(),
  markdown: Type.String(),
  contentType: Type.String(),
  /** After its metadata was removed. */
  byteSize: Type.Integer(),
});
export type UploadResult = Static<typeof UploadResult>;

/** `GET /api/uploads/:file`: the id and the extension of its kind. */
export const UploadFileParams = Type.Object(
  { file: Type.String({ pattern: '^[a-z2-7]{26}\\.(png|jpg|gif|webp)$', maxLength: 40 }) },
  { additionalProperties: false },
);
export type UploadFileParams = Static<typeof UploadFileParams>;
