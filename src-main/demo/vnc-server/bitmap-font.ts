// A 5x7 dot-matrix font for printable ASCII, drawn by hand for the demo console (nothing downloaded).
// Each glyph is 7 rows, top first; each row is one byte whose low 5 bits are the pixels, bit 4 = left.
// Four glyphs per string (14 hex digits each), in code order from 0x20 (space) to 0x7e (~).
const TABLE = [
  '00000000000000040404040400040a0a0a000000000a0a1f0a1f0a0a', //   ! " #
  '040f140e051e04181902040813030c12140815120d04040800000000', // $ % & '
  '02040808080402080402020204080004150e1504000004041f040400', // ( ) * +
  '000000000c04080000001f00000000000000000c0c00010204081000', // , - . /
  '0e11131519110e040c040404040e0e11010204081f1f02040201110e', // 0 1 2 3
  '02060a121f02021f101e0101110e0608101e11110e1f010204080808', // 4 5 6 7
  '0e11110e11110e0e11110f01020c000c0c000c0c00000c0c000c0408', // 8 9 : ;
  '0204081008040200001f001f0000080402010204080e110102040004', // < = > ?
  '0e11010d15150e0e1111111f11111e11111e11111e0e11101010110e', // @ A B C
  '1c12111111121c1f10101e10101f1f10101e1010100e11101711110f', // D E F G
  '1111111f1111110e04040404040e0702020202120c11121418141211', // H I J K
  '1010101010101f111b1515111111111119151311110e11111111110e', // L M N O
  '1e11111e1010100e11111115120d1e11111e1412110f10100e01011e', // P Q R S
  '1f0404040404041111111111110e11111111110a041111111515150a', // T U V W
  '11110a040a11111111110a0404041f01020408101f0e08080808080e', // X Y Z [
  '001008040201000e02020202020e040a11000000000000000000001f', // \ ] ^ _
  '0804020000000000000e010f110f1010161911111e00000e1010110e', // ` a b c
  '01010d1311110f00000e111f100e0609081c080808000f11110f010e', // d e f g
  '1010161911111104000c0404040e0200060202120c10101214181412', // h i j k
  '0c04040404040e00001a151511110000161911111100000e1111110e', // l m n o
  '00001e111e101000000d130f01010000161910101000000e100e011e', // p q r s
  '08081c080809060000111111130d00001111110a040000111115150a', // t u v w
  '0000110a040a11000011110f010e00001f0204081f02040408040402', // x y z {
  '040404040404040804040204040800000815020000', // | } ~
].join('');

export const GLYPH_COLUMNS = 5;
export const GLYPH_ROWS = 7;
const FIRST = 0x20;
const LAST = 0x7e;
// Shown for anything outside printable ASCII: an outlined box, as text consoles do.
const MISSING = [0x1f, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1f];

const glyphs: number[][] = [];
for (let code = FIRST; code <= LAST; code++) {
  const at = (code - FIRST) * GLYPH_ROWS * 2;
  glyphs.push(
    Array.from({ length: GLYPH_ROWS }, (_, r) => parseInt(TABLE.slice(at + r * 2, at + r * 2 + 2), 16)),
  );
}

/** The 7 row masks of a character code (5 bits each, bit 4 = leftmost pixel). */
export function glyphRows(code: number): readonly number[] {
  return code >= FIRST && code <= LAST ? glyphs[code - FIRST]! : MISSING;
}
