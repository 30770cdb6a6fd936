package io.indicate.generate;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Names of the people in the sample contact centre (a Swedish one, so some names carry å, ä, ö) and the
 * ASCII forms derived from them: logins and display-name telephony ids must stay within the characters the
 * roster reader accepts.
 */
final class PersonNames {
    private static final List<String> FIRST = List.of(
            "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Emma", "Per", "Lena", "Mikael",
            "Eva", "Karl", "Sofia", "Fredrik", "Elin", "Oskar", "Åsa", "Björn", "Ingrid", "Jonas", "Hanna",
            "Magnus", "Linnéa", "Nils", "Ida", "Henrik", "Malin", "Gustav", "Frida", "Mattias", "Elsa", "Viktor",
            "Johanna", "Daniel", "Maja", "Ali", "Fatima", "Mehmet", "Leila", "Omar", "Nina", "Tobias", "Amira",
            "Jesper", "Klara", "Peter", "Astrid", "Olle", "Zeynep", "Ahmed", "Helena", "Stefan", "Cecilia",
            "Rasmus", "Ebba", "Axel", "Alva", "Hugo");
    private static final List<String> LAST = List.of(
            "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
            "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
            "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg",
            "Axelsson", "Bergström", "Lundberg", "Lundgren", "Mattsson", "Berglund", "Fredriksson", "Sandberg",
            "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin",
            "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson",
            "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg",
            "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Yilmaz", "Hassan", "Ahmadi", "Novak",
            "Kowalski", "Nguyen");

    private PersonNames() {}

    static String randomFullName(SplittableRandom rng) {
        return FIRST.get(rng.nextInt(FIRST.size())) + " " + LAST.get(rng.nextInt(LAST.size()));
    }

    /** The name without diacritics ("Åsa Sjöberg" becomes "Asa Sjoberg"). */
    static String ascii(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "").replaceAll("[^A-Za-z0-9 .-]", "");
    }

    /** The login stem {@code first.last}: lowercase ASCII letters and digits around one dot. */
    static String loginStem(String fullName) {
        String[] parts = ascii(fullName).toLowerCase(Locale.ROOT).split(" ");
        return parts[0].replaceAll("[^a-z0-9]", "") + "." + parts[parts.length - 1].replaceAll("[^a-z0-9]", "");
    }
}
